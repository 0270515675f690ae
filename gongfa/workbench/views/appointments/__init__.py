"""Appointment pages of the workbench (公证预约、公证、司法鉴定), one module per part: booking.py
(the office's day of bookings, booking on a citizen's behalf, the schedule), and the parts' own
modules beside it. Each part's URLs are in its own workbench/<part>_urls.py."""
