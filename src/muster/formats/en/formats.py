# English dates as the field writes them, day, month, year ("6 February 2025"; tables abbreviate, "6 Feb 2025"), as
# French and Creole do, times on the 24-hour clock, short dates in ISO order. Django's English is the United States'
# ("Feb. 6, 2025", "2:30 p.m.", and "02/06/2025" for the 6th of February, which a Kenyan or Jamaican officer reads
# as the 2nd of June).
# Only what differs from Django's English is here; the rest (input formats among them) is Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
