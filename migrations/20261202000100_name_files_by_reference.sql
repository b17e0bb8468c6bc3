-- CVs are stored and offered under a name derived from the application's reference and the
-- detected kind (issue 18), never the uploader's: rename the files stored before.
update application_files f
set file_name = a.reference || '-cv.' || f.kind
from applications a
where a.id = f.application_id
  and f.file_name is distinct from a.reference || '-cv.' || f.kind;
