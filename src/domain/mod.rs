//! The domain: value types that parse raw form input once ("parse, don't validate"), and the
//! closed lists the application stores (the form's choices, the pipeline's stages). Each type has
//! private fields, a `parse` constructor and a `<Type>Error` enum; a value that exists is valid.
//! `NewApplication::parse` turns a whole raw `IntakeForm` into either a valid application or the
//! list of per-field messages the form shows.

pub mod choices;
pub(crate) mod contact_query;
pub(crate) mod countries;
pub mod cv;
pub(crate) mod document_upload;
pub(crate) mod email_address;
pub(crate) mod form_errors;
pub mod intake_form;
pub(crate) mod new_application;
pub(crate) mod next_action;
pub(crate) mod numbers;
pub(crate) mod person_name;
pub(crate) mod phone;
pub(crate) mod profile_update;
pub(crate) mod reference;
pub mod stage;
pub(crate) mod team;
pub(crate) mod text;
pub mod upload;
pub(crate) mod us_states;
pub(crate) mod window;
pub(crate) mod working_days;

pub(crate) use choices::{
    Availability, CertificationStatus, EnglishTest, HeardAbout, Qualification, UsCertification,
    WorkAuthorisation,
};
pub use cv::CvUpload;
pub(crate) use email_address::EmailAddress;
pub use form_errors::FormErrors;
pub use intake_form::IntakeForm;
pub use new_application::NewApplication;
pub(crate) use numbers::ExperienceYears;
pub use reference::ApplicationReference;
pub(crate) use text::MultiLineText;
