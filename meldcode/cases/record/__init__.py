"""What a case hands over: the record for the patient file and the summary for a colleague."""
