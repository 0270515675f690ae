"""The 12348 hotline desk and window intake (issue #16): the desk and the window (desk), the CTI's
ring URL (ring), the target search (targets), 改派 (redirect) and the receipt (receipt)."""
