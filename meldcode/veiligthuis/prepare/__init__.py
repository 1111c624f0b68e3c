"""Preparing an advies and a melding for Veilig Thuis, on the clinician's side."""
