"""Official-schedule files shaped like the published Chinese holiday feeds (test data, not
the real 2027 notice)."""

ICS_2027 = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//example//holidays//CN\r
BEGIN:VEVENT\r
UID:1@example\r
DTSTART;VALUE=DATE:20270101\r
DTEND;VALUE=DATE:20270104\r
SUMMARY:元旦（休）\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@example\r
DTSTART;VALUE=DATE:20270206\r
DTEND;VALUE=DATE:20270214\r
SUMMARY:春节\r
 （休）\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3@example\r
DTSTART;VALUE=DATE:20270214\r
DTEND;VALUE=DATE:20270215\r
SUMMARY:春节补班\r
END:VEVENT\r
END:VCALENDAR\r
"""

CSV_2027 = """start,end,kind,name
2027-01-01,2027-01-03,holiday,元旦
2027-02-06,2027-02-13,holiday,春节
2027-02-14,,workday,春节调休
"""
