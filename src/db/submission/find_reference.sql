select reference from applications where submission_id = $1
