# Dates as German readers see them: "25. November 2026", "25. November 2026, 15:30".
# Templates name the format (|date:"DATE_FORMAT"), never spell it out.
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
