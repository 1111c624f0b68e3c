"""The Veilig Thuis inbox: the receiving side's pages for the staff of a region."""
