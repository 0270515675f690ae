"""The notarization-booking pages' URLs under /workbench/bookings/ (预约管理, 代约, 预约时段设置)."""

from gongfa.workbench.views.appointments import booking

urlpatterns = booking.urlpatterns
