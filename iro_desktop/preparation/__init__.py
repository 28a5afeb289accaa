"""Before the review meeting: the booked meeting (``meetings``), who is consulted and invited and
what they said (``consultation``), the annual report's figures (``figures``), the calendar file
(``calendar_export``) and the printed forms (``forms``)."""
