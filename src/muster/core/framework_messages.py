# ruff: noqa: E501 - the messages are the framework's, one to a line
"""The framework's messages Muster's users meet, so that Muster's catalogues translate them into Haitian Creole.

Django and Django REST framework ship French and Spanish catalogues but none in Haitian Creole; a form's "This field
is required.", a month's name or an API's "Not found." would stay English on a Creole page. makemessages reads
these marks like any other and puts them in every language's catalogue; their French and Spanish were taken from the
framework's own catalogues when they were added here; Haitian Creole is translated with the rest.

Drawn from Django 5.2's catalogue (forms, validators, model fields, dates, time since, paginator, template filters,
the CSRF failure page, django.contrib.auth's forms and password validation), Django REST framework's and
django-filter's (its lookups: "is greater than or equal to"). Nothing imports this module; only makemessages
reads it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

MESSAGES = (
    gettext_noop("…"),  # django
    gettext_noop("That page number is not an integer"),  # django
    gettext_noop("That page number is less than 1"),  # django
    gettext_noop("That page contains no results"),  # django
    gettext_noop("Enter a valid value."),  # django
    gettext_noop("Enter a valid domain name."),  # django
    gettext_noop("Enter a valid URL."),  # django
    gettext_noop("Enter a valid integer."),  # django
    gettext_noop("Enter a valid email address."),  # django
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),  # django
    gettext_noop("Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."),  # django
    gettext_noop("Enter a valid %(protocol)s address."),  # django
    gettext_noop("IPv4"),  # django
    gettext_noop("IPv6"),  # django
    gettext_noop("IPv4 or IPv6"),  # django
    gettext_noop("Enter only digits separated by commas."),  # django
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s)."),  # django
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),  # django
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),  # django
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),  # django
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."),  # django
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).", "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", 1),  # django
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).", "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", 1),  # django
    gettext_noop("Enter a number."),  # django
    ngettext_lazy("Ensure that there are no more than %(max)s digit in total.", "Ensure that there are no more than %(max)s digits in total.", 1),  # django
    ngettext_lazy("Ensure that there are no more than %(max)s decimal place.", "Ensure that there are no more than %(max)s decimal places.", 1),  # django
    ngettext_lazy("Ensure that there are no more than %(max)s digit before the decimal point.", "Ensure that there are no more than %(max)s digits before the decimal point.", 1),  # django
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),  # django
    gettext_noop("Null characters are not allowed."),  # django
    gettext_noop("and"),  # django
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),  # django
    gettext_noop("Value %(value)r is not a valid choice."),  # django
    gettext_noop("This field cannot be null."),  # django
    gettext_noop("This field cannot be blank."),  # django
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),  # django
    gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),  # django
    gettext_noop("Field of type: %(field_type)s"),  # django
    gettext_noop("“%(value)s” value must be either True or False."),  # django
    gettext_noop("“%(value)s” value must be either True, False, or None."),  # django
    gettext_noop("Boolean (Either True or False)"),  # django
    gettext_noop("String (up to %(max_length)s)"),  # django
    gettext_noop("String (unlimited)"),  # django
    gettext_noop("Comma-separated integers"),  # django
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),  # django
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),  # django
    gettext_noop("Date (without time)"),  # django
    gettext_noop("“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."),  # django
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."),  # django
    gettext_noop("Date (with time)"),  # django
    gettext_noop("“%(value)s” value must be a decimal number."),  # django
    gettext_noop("Decimal number"),  # django
    gettext_noop("“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."),  # django
    gettext_noop("Duration"),  # django
    gettext_noop("Email address"),  # django
    gettext_noop("File path"),  # django
    gettext_noop("“%(value)s” value must be a float."),  # django
    gettext_noop("Floating point number"),  # django
    gettext_noop("“%(value)s” value must be an integer."),  # django
    gettext_noop("Integer"),  # django
    gettext_noop("Big (8 byte) integer"),  # django
    gettext_noop("Small integer"),  # django
    gettext_noop("IPv4 address"),  # django
    gettext_noop("IP address"),  # django
    gettext_noop("“%(value)s” value must be either None, True or False."),  # django
    gettext_noop("Boolean (Either True, False or None)"),  # django
    gettext_noop("Positive big integer"),  # django
    gettext_noop("Positive integer"),  # django
    gettext_noop("Positive small integer"),  # django
    gettext_noop("Slug (up to %(max_length)s)"),  # django
    gettext_noop("Text"),  # django
    gettext_noop("“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."),  # django
    gettext_noop("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."),  # django
    gettext_noop("Time"),  # django
    gettext_noop("URL"),  # django
    gettext_noop("Raw binary data"),  # django
    gettext_noop("“%(value)s” is not a valid UUID."),  # django
    gettext_noop("Universally unique identifier"),  # django
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),  # django
    gettext_noop("Foreign Key (type determined by related field)"),  # django
    gettext_noop("One-to-one relationship"),  # django
    gettext_noop("%(from)s-%(to)s relationship"),  # django
    gettext_noop("%(from)s-%(to)s relationships"),  # django
    gettext_noop("Many-to-many relationship"),  # django
    gettext_noop(":?.!"),  # django
    gettext_noop("This field is required."),  # django
    gettext_noop("Enter a whole number."),  # django
    gettext_noop("Enter a valid date."),  # django
    gettext_noop("Enter a valid time."),  # django
    gettext_noop("Enter a valid date/time."),  # django
    gettext_noop("Enter a valid duration."),  # django
    gettext_noop("The number of days must be between {min_days} and {max_days}."),  # django
    gettext_noop("No file was submitted. Check the encoding type on the form."),  # django
    gettext_noop("No file was submitted."),  # django
    gettext_noop("The submitted file is empty."),  # django
    ngettext_lazy("Ensure this filename has at most %(max)d character (it has %(length)d).", "Ensure this filename has at most %(max)d characters (it has %(length)d).", 1),  # django
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),  # django
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),  # django
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),  # django
    gettext_noop("Enter a list of values."),  # django
    gettext_noop("Enter a complete value."),  # django
    gettext_noop("Enter a valid UUID."),  # django
    gettext_noop("Enter a valid JSON."),  # django
    gettext_noop(":"),  # django
    gettext_noop("(Hidden field %(name)s) %(error)s"),  # django
    gettext_noop("ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."),  # django
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1),  # django
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1),  # django
    gettext_noop("Order"),  # django
    gettext_noop("Delete"),  # django
    gettext_noop("Please correct the duplicate data for %(field)s."),  # django
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique."),  # django
    gettext_noop("Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."),  # django
    gettext_noop("Please correct the duplicate values below."),  # django
    gettext_noop("The inline value did not match the parent instance."),  # django
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),  # django
    gettext_noop("“%(pk)s” is not a valid value."),  # django
    gettext_noop("%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."),  # django
    gettext_noop("Clear"),  # django
    gettext_noop("Currently"),  # django
    gettext_noop("Change"),  # django
    gettext_noop("Unknown"),  # django
    gettext_noop("Yes"),  # django
    gettext_noop("No"),  # django
    gettext_noop("yes,no,maybe"),  # django
    ngettext_lazy("%(size)d byte", "%(size)d bytes", 1),  # django
    gettext_noop("%s KB"),  # django
    gettext_noop("%s MB"),  # django
    gettext_noop("%s GB"),  # django
    gettext_noop("%s TB"),  # django
    gettext_noop("%s PB"),  # django
    gettext_noop("p.m."),  # django
    gettext_noop("a.m."),  # django
    gettext_noop("PM"),  # django
    gettext_noop("AM"),  # django
    gettext_noop("midnight"),  # django
    gettext_noop("noon"),  # django
    gettext_noop("Monday"),  # django
    gettext_noop("Tuesday"),  # django
    gettext_noop("Wednesday"),  # django
    gettext_noop("Thursday"),  # django
    gettext_noop("Friday"),  # django
    gettext_noop("Saturday"),  # django
    gettext_noop("Sunday"),  # django
    gettext_noop("Mon"),  # django
    gettext_noop("Tue"),  # django
    gettext_noop("Wed"),  # django
    gettext_noop("Thu"),  # django
    gettext_noop("Fri"),  # django
    gettext_noop("Sat"),  # django
    gettext_noop("Sun"),  # django
    gettext_noop("January"),  # django
    gettext_noop("February"),  # django
    gettext_noop("March"),  # django
    gettext_noop("April"),  # django
    gettext_noop("May"),  # django
    gettext_noop("June"),  # django
    gettext_noop("July"),  # django
    gettext_noop("August"),  # django
    gettext_noop("September"),  # django
    gettext_noop("October"),  # django
    gettext_noop("November"),  # django
    gettext_noop("December"),  # django
    gettext_noop("jan"),  # django
    gettext_noop("feb"),  # django
    gettext_noop("mar"),  # django
    gettext_noop("apr"),  # django
    gettext_noop("may"),  # django
    gettext_noop("jun"),  # django
    gettext_noop("jul"),  # django
    gettext_noop("aug"),  # django
    gettext_noop("sep"),  # django
    gettext_noop("oct"),  # django
    gettext_noop("nov"),  # django
    gettext_noop("dec"),  # django
    pgettext_lazy("abbrev. month", "Jan."),  # django
    pgettext_lazy("abbrev. month", "Feb."),  # django
    pgettext_lazy("abbrev. month", "March"),  # django
    pgettext_lazy("abbrev. month", "April"),  # django
    pgettext_lazy("abbrev. month", "May"),  # django
    pgettext_lazy("abbrev. month", "June"),  # django
    pgettext_lazy("abbrev. month", "July"),  # django
    pgettext_lazy("abbrev. month", "Aug."),  # django
    pgettext_lazy("abbrev. month", "Sept."),  # django
    pgettext_lazy("abbrev. month", "Oct."),  # django
    pgettext_lazy("abbrev. month", "Nov."),  # django
    pgettext_lazy("abbrev. month", "Dec."),  # django
    pgettext_lazy("alt. month", "January"),  # django
    pgettext_lazy("alt. month", "February"),  # django
    pgettext_lazy("alt. month", "March"),  # django
    pgettext_lazy("alt. month", "April"),  # django
    pgettext_lazy("alt. month", "May"),  # django
    pgettext_lazy("alt. month", "June"),  # django
    pgettext_lazy("alt. month", "July"),  # django
    pgettext_lazy("alt. month", "August"),  # django
    pgettext_lazy("alt. month", "September"),  # django
    pgettext_lazy("alt. month", "October"),  # django
    pgettext_lazy("alt. month", "November"),  # django
    pgettext_lazy("alt. month", "December"),  # django
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),  # django
    gettext_noop("or"),  # django
    gettext_noop(", "),  # django
    ngettext_lazy("%(num)d year", "%(num)d years", 1),  # django
    ngettext_lazy("%(num)d month", "%(num)d months", 1),  # django
    ngettext_lazy("%(num)d week", "%(num)d weeks", 1),  # django
    ngettext_lazy("%(num)d day", "%(num)d days", 1),  # django
    ngettext_lazy("%(num)d hour", "%(num)d hours", 1),  # django
    ngettext_lazy("%(num)d minute", "%(num)d minutes", 1),  # django
    gettext_noop("Forbidden"),  # django
    gettext_noop("CSRF verification failed. Request aborted."),  # django
    gettext_noop("You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."),  # django
    gettext_noop("If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests."),  # django
    gettext_noop('If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'),  # django
    gettext_noop("You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties."),  # django
    gettext_noop("If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."),  # django
    gettext_noop("More information is available with DEBUG=True."),  # django
    gettext_noop('"{input}" is not a valid choice.'),  # rest_framework
    gettext_noop('"{input}" is not a valid path choice.'),  # rest_framework
    gettext_noop("A page number within the paginated result set."),  # rest_framework
    gettext_noop("A search term."),  # rest_framework
    gettext_noop("A server error occurred."),  # rest_framework
    gettext_noop("A valid integer is required."),  # rest_framework
    gettext_noop("A valid number is required."),  # rest_framework
    gettext_noop("A {value_type} identifying this {name}."),  # rest_framework
    gettext_noop("Auth Token"),  # rest_framework
    gettext_noop("Authentication credentials were not provided."),  # rest_framework
    gettext_noop("Could not satisfy the request Accept header."),  # rest_framework
    gettext_noop("Created"),  # rest_framework
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),  # rest_framework
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),  # rest_framework
    gettext_noop("Datetime value out of range."),  # rest_framework
    gettext_noop("Duration has wrong format. Use one of these formats instead: {format}."),  # rest_framework
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places."),  # rest_framework
    gettext_noop("Ensure that there are no more than {max_digits} digits in total."),  # rest_framework
    gettext_noop("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),  # rest_framework
    gettext_noop("Ensure this field has at least {min_length} characters."),  # rest_framework
    gettext_noop("Ensure this field has at least {min_length} elements."),  # rest_framework
    gettext_noop("Ensure this field has no more than {max_length} characters."),  # rest_framework
    gettext_noop("Ensure this field has no more than {max_length} elements."),  # rest_framework
    gettext_noop("Ensure this filename has at most {max_length} characters (it has {length})."),  # rest_framework
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),  # rest_framework
    gettext_noop("Ensure this value is less than or equal to {max_value}."),  # rest_framework
    gettext_noop('Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'),  # rest_framework
    gettext_noop('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),  # rest_framework
    gettext_noop("Enter a valid IPv4 or IPv6 address."),  # rest_framework
    gettext_noop("Expected a date but got a datetime."),  # rest_framework
    gettext_noop("Expected a datetime but got a date."),  # rest_framework
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),  # rest_framework
    gettext_noop('Expected a list of items but got type "{input_type}".'),  # rest_framework
    gettext_noop("Expected available in {wait} second."),  # rest_framework
    gettext_noop("Expected available in {wait} seconds."),  # rest_framework
    gettext_noop("Extra Actions"),  # rest_framework
    gettext_noop("Filters"),  # rest_framework
    gettext_noop("Incorrect authentication credentials."),  # rest_framework
    gettext_noop("Incorrect type. Expected URL string, received {data_type}."),  # rest_framework
    gettext_noop("Incorrect type. Expected pk value, received {data_type}."),  # rest_framework
    gettext_noop("Invalid basic header. Credentials not correctly base64 encoded."),  # rest_framework
    gettext_noop("Invalid basic header. Credentials string should not contain spaces."),  # rest_framework
    gettext_noop("Invalid basic header. No credentials provided."),  # rest_framework
    gettext_noop("Invalid cursor"),  # rest_framework
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),  # rest_framework
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),  # rest_framework
    gettext_noop("Invalid hyperlink - Incorrect URL match."),  # rest_framework
    gettext_noop("Invalid hyperlink - No URL match."),  # rest_framework
    gettext_noop("Invalid hyperlink - Object does not exist."),  # rest_framework
    gettext_noop("Invalid input."),  # rest_framework
    gettext_noop("Invalid page."),  # rest_framework
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),  # rest_framework
    gettext_noop("Invalid token header. No credentials provided."),  # rest_framework
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),  # rest_framework
    gettext_noop("Invalid token header. Token string should not contain spaces."),  # rest_framework
    gettext_noop("Invalid token."),  # rest_framework
    gettext_noop("Invalid username/password."),  # rest_framework
    gettext_noop("Invalid value."),  # rest_framework
    gettext_noop('Invalid version in "Accept" header.'),  # rest_framework
    gettext_noop("Invalid version in URL path."),  # rest_framework
    gettext_noop("Invalid version in URL path. Does not match any version namespace."),  # rest_framework
    gettext_noop("Invalid version in hostname."),  # rest_framework
    gettext_noop("Invalid version in query parameter."),  # rest_framework
    gettext_noop("Key"),  # rest_framework
    gettext_noop("Malformed request."),  # rest_framework
    gettext_noop('Method "{method}" not allowed.'),  # rest_framework
    gettext_noop("More than {count} items..."),  # rest_framework
    gettext_noop("Must be a valid UUID."),  # rest_framework
    gettext_noop("Must be a valid boolean."),  # rest_framework
    gettext_noop('Must include "username" and "password".'),  # rest_framework
    gettext_noop("No filename could be determined."),  # rest_framework
    gettext_noop("No items to select."),  # rest_framework
    gettext_noop("None"),  # rest_framework
    gettext_noop("Not a valid string."),  # rest_framework
    gettext_noop("Not found."),  # rest_framework
    gettext_noop("Number of results to return per page."),  # rest_framework
    gettext_noop("Object with {slug_name}={value} does not exist."),  # rest_framework
    gettext_noop("Ordering"),  # rest_framework
    gettext_noop("Password"),  # rest_framework
    gettext_noop("Request was throttled."),  # rest_framework
    gettext_noop("Search"),  # rest_framework
    gettext_noop("String value too large."),  # rest_framework
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),  # rest_framework
    gettext_noop("The fields {field_names} must make a unique set."),  # rest_framework
    gettext_noop("The initial index from which to return the results."),  # rest_framework
    gettext_noop("The pagination cursor value."),  # rest_framework
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),  # rest_framework
    gettext_noop("This dictionary may not be empty."),  # rest_framework
    gettext_noop("This field may not be blank."),  # rest_framework
    gettext_noop("This field may not be null."),  # rest_framework
    gettext_noop('This field must be unique for the "{date_field}" date.'),  # rest_framework
    gettext_noop('This field must be unique for the "{date_field}" month.'),  # rest_framework
    gettext_noop('This field must be unique for the "{date_field}" year.'),  # rest_framework
    gettext_noop("This field must be unique."),  # rest_framework
    gettext_noop("This list may not be empty."),  # rest_framework
    gettext_noop("This selection may not be empty."),  # rest_framework
    gettext_noop("This value does not match the required pattern."),  # rest_framework
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),  # rest_framework
    gettext_noop("Token"),  # rest_framework
    gettext_noop("Tokens"),  # rest_framework
    gettext_noop("UUID string"),  # rest_framework
    gettext_noop("Unable to log in with provided credentials."),  # rest_framework
    gettext_noop('Unsupported media type "{media_type}" in request.'),  # rest_framework
    gettext_noop("User"),  # rest_framework
    gettext_noop("User inactive or deleted."),  # rest_framework
    gettext_noop("Username"),  # rest_framework
    gettext_noop("Value must be valid JSON."),  # rest_framework
    gettext_noop("Which field to use when ordering the results."),  # rest_framework
    gettext_noop("You do not have permission to perform this action."),  # rest_framework
    gettext_noop("ascending"),  # rest_framework
    gettext_noop("content"),  # rest_framework
    gettext_noop("descending"),  # rest_framework
    gettext_noop("main content"),  # rest_framework
    gettext_noop("navbar"),  # rest_framework
    gettext_noop("request form"),  # rest_framework
    gettext_noop("request info"),  # rest_framework
    gettext_noop("response info"),  # rest_framework
    gettext_noop("unique integer value"),  # rest_framework
    gettext_noop("unique value"),  # rest_framework
    gettext_noop("date"),  # django-filter
    gettext_noop("year"),  # django-filter
    gettext_noop("month"),  # django-filter
    gettext_noop("day"),  # django-filter
    gettext_noop("week day"),  # django-filter
    gettext_noop("hour"),  # django-filter
    gettext_noop("minute"),  # django-filter
    gettext_noop("second"),  # django-filter
    gettext_noop("contains"),  # django-filter
    gettext_noop("is in"),  # django-filter
    gettext_noop("is greater than"),  # django-filter
    gettext_noop("is greater than or equal to"),  # django-filter
    gettext_noop("is less than"),  # django-filter
    gettext_noop("is less than or equal to"),  # django-filter
    gettext_noop("starts with"),  # django-filter
    gettext_noop("ends with"),  # django-filter
    gettext_noop("is in range"),  # django-filter
    gettext_noop("is null"),  # django-filter
    gettext_noop("matches regex"),  # django-filter
    gettext_noop("search"),  # django-filter
    gettext_noop("is contained by"),  # django-filter
    gettext_noop("overlaps"),  # django-filter
    gettext_noop("has key"),  # django-filter
    gettext_noop("has keys"),  # django-filter
    gettext_noop("has any keys"),  # django-filter
    gettext_noop("Select a lookup."),  # django-filter
    gettext_noop("Range query expects two values."),  # django-filter
    gettext_noop("Today"),  # django-filter
    gettext_noop("Yesterday"),  # django-filter
    gettext_noop("Past 7 days"),  # django-filter
    gettext_noop("This month"),  # django-filter
    gettext_noop("This year"),  # django-filter
    gettext_noop("Multiple values may be separated by commas."),  # django-filter
    gettext_noop("%s (descending)"),  # django-filter
    gettext_noop("Submit"),  # django-filter
    gettext_noop("Field filters"),  # django-filter
    gettext_noop("exclude"),  # django-filter
    gettext_noop("All"),  # django-filter
)
