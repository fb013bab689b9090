"""Arabic numbers as the site writes them: Western digits in groups of three ("11 200"), a comma for decimals.

Django's Arabic formats do not group digits at all (11200); figures are read more easily grouped, and the
pages isolate each number left to right so the groups keep their order in right-to-left text."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
