"""The words of the synthetic work programme (portal/scale_data.py): study groups of ITU-T with
their titles and Recommendation series, standards vocabulary for titles and summaries (so that
full-text search has work), names, affiliations, external bodies and meeting places."""

# fmt: off
STUDY_GROUPS = {
    # number: (title, Recommendation series, first number used)
    2: ("Operational aspects of service provision and telecommunication management", "E", 100),
    3: ("Economic and policy issues", "D", 1),
    5: ("Environment, EMF and circular economy", "L", 1),
    9: ("Broadband cable and TV", "J", 1),
    11: ("Protocols, control architectures and test specifications", "Q", 1),
    12: ("Performance, quality of service and quality of experience", "P", 1),
    13: ("Future networks and emerging network technologies", "Y", 1000),
    15: ("Networks, technologies and infrastructures for transport, access and home", "G", 600),
    16: ("Multimedia and digital technologies", "H", 200),
    17: ("Security", "X", 500),
    20: ("Internet of things and smart sustainable cities and communities", "Y", 4000),
}
TOPICS = [
    "identity management", "quantum key distribution", "optical transport", "network slicing",
    "machine learning", "digital twins", "smart cities", "energy efficiency", "video coding",
    "speech quality", "signalling protocols", "numbering resources", "international roaming",
    "cable television", "home networking", "passive optical access", "trust frameworks",
    "blockchain ledgers", "intelligent transport systems", "e-health services", "cloud computing",
    "software-defined networking", "time synchronization", "electromagnetic fields",
    "circular economy", "accessibility", "metaverse services", "vehicle communications",
    "emergency telecommunications", "data centres", "submarine cables", "Internet of things",
    "quality of experience", "conformance testing", "counterfeit devices", "spam mitigation",
    "open source", "fixed-mobile convergence", "satellite backhaul", "immersive media",
]
QUALIFIERS = [
    "Requirements for", "Framework for", "Architecture of", "Security guidelines for",
    "Reference model of", "Functional requirements of", "Test specification for", "Use cases of",
    "Management interfaces for", "Performance objectives for", "Interoperability of",
    "Overview of", "Trust model for", "Protocol for", "Assessment methodology for",
]
CONTEXTS = [
    "in future networks", "over IMT-2020 networks", "in the home network",
    "for developing countries", "in smart sustainable cities", "for industrial automation",
    "in cloud environments", "across operator domains", "for the metaverse",
    "in optical access networks", "over broadband cable", "for digital financial services", "", "",
]
NOUNS = [
    "network", "service", "protocol", "architecture", "interface", "management", "security",
    "quality", "performance", "interoperability", "deployment", "operator", "terminal", "platform",
    "signalling", "transport", "access", "identity", "privacy", "measurement", "codec", "latency",
    "resilience", "orchestration", "synchronization", "encryption", "authentication", "monitoring",
    "sustainability", "accessibility",
]
VERBS = [
    "specifies", "describes", "defines", "analyses", "provides guidance on", "identifies",
    "gives requirements for", "outlines",
]
SENTENCES = [
    "This {kind} {verb} the {n1} {n2} of {topic} {context}.",
    "It covers the {n1} and {n2} aspects that operators and vendors need for {topic}.",
    "The {n1} model takes into account existing {n2} specifications from other standards bodies.",
    "Annexes give examples of {topic} deployments and the related {n1} procedures.",
    "Security and privacy considerations for the {n1} {n2} are addressed in a separate clause.",
    "The work builds on earlier {n1} studies and aligns the {n2} terminology.",
    "Appendices illustrate {n1} scenarios, {n2} flows and test cases.",
    "A gap analysis identifies where further {n1} work on {topic} is needed.",
]
FIRST_NAMES = [
    "Amina", "Ana", "Arash", "Bin", "Camille", "Carlos", "Chen", "Daniela", "David", "Elena",
    "Fatima", "Hiroshi", "Hyun", "Ibrahim", "Ingrid", "Jae", "James", "Javier", "Jing", "Juan",
    "Karim", "Lars", "Lei", "Leila", "Maria", "Marco", "Mei", "Mohamed", "Nadia", "Nikolai",
    "Olga", "Omar", "Paolo", "Priya", "Rahul", "Sara", "Satoshi", "Sofia", "Tomas", "Wei", "Yuki",
    "Zanele",
]
LAST_NAMES = [
    "Abdullah", "Alvarez", "Andersson", "Bauer", "Chen", "Costa", "Dubois", "Fernandes", "Garcia",
    "Haddad", "Ivanov", "Jensen", "Kim", "Kowalski", "Kumar", "Lee", "Li", "Martin", "Moreau",
    "Mwangi", "Nakamura", "Nguyen", "Novak", "Okafor", "Park", "Petrov", "Rossi", "Said", "Santos",
    "Schmidt", "Silva", "Suzuki", "Tanaka", "Wang", "Yamamoto", "Zhang",
]
AFFILIATIONS = [
    ("China Telecom", "China"), ("Huawei Technologies", "China"), ("ZTE Corporation", "China"),
    ("NTT", "Japan"), ("KDDI", "Japan"), ("ETRI", "Korea (Republic of)"),
    ("Samsung Electronics", "Korea (Republic of)"), ("Orange", "France"),
    ("Deutsche Telekom", "Germany"), ("Ericsson", "Sweden"), ("Nokia", "Finland"),
    ("BT", "United Kingdom"), ("Telefonica", "Spain"), ("AT&T", "United States"),
    ("Verizon", "United States"), ("Ministry of Communications", "Saudi Arabia"),
    ("Ministry of ICT", "Kenya"), ("Anatel", "Brazil"),
    ("Department of Telecommunications", "India"),
    ("Federal Office of Communications", "Switzerland"), ("ITU", ""), ("", ""),
]
EXTERNAL_BODIES = [
    "IETF", "3GPP", "ISO/IEC JTC 1/SC 27", "ETSI TC CYBER", "IEEE 802.1", "ITU-R WP 5D",
    "Broadband Forum", "GSMA", "W3C", "ITU-D SG1", "MEF", "OneM2M",
]
ZONES = [
    ("Europe/Zurich", "Geneva, Switzerland", 14), ("Asia/Shanghai", "Shanghai, China", 1),
    ("Asia/Tokyo", "Tokyo, Japan", 1), ("Asia/Seoul", "Seoul, Korea (Republic of)", 1),
    ("Africa/Nairobi", "Nairobi, Kenya", 1), ("America/Sao_Paulo", "São Paulo, Brazil", 1),
    ("America/New_York", "New York, United States", 1), ("Asia/Kolkata", "New Delhi, India", 1),
    ("Asia/Riyadh", "Riyadh, Saudi Arabia", 1),
]
FOCUS_GROUP_ACRONYMS = [
    "AI4H", "QIT4N", "MV", "AN", "AI4A", "KPI", "DLT", "VM", "ML5G", "DFC",
]
# fmt: on
