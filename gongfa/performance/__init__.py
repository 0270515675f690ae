"""Performance management (绩效管理): indicators over rollups, targets, dashboards, the monthly
report and bulletin, evaluation (考评) and demonstration-site scoring (示范点评分)."""
