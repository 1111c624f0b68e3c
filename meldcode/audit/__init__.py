"""The append-only, hash-chained audit trail: who did what to which account, case or report."""
