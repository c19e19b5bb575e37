"""English is written the British way, as it was before the site had other languages (when
LANGUAGE_CODE was en-gb): '25 Oct 2006', and a date typed as 01/02/2024 in the admin is the
first of February, not the second of January."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
