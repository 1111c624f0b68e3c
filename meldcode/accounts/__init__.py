"""Users, roles, and two-factor enrolment and verification."""
