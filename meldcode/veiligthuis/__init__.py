"""Veilig Thuis: regions, report schema, delivery, intake and inbox."""
