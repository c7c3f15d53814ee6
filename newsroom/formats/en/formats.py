# Dates as English readers see them: "November 25, 2026", "November 25, 2026, 3:30 PM".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
