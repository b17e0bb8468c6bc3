//! The domain of the intake form: value types that parse raw form input once ("parse, don't
//! validate"). Each type has private fields, a `parse` constructor and a `<Type>Error` enum; a value
//! that exists is valid. `NewApplication::parse` turns a whole raw `IntakeForm` into either a valid
//! application or the list of per-field messages the form shows.

pub mod choices;
pub mod countries;
pub mod cv;
pub mod email_address;
pub mod form_errors;
pub mod intake_form;
pub mod new_application;
pub mod numbers;
pub mod person_name;
pub mod phone;
pub mod reference;
pub mod stage;
pub mod text;
pub mod us_states;

pub use choices::{
    Availability, CertificationStatus, ChoiceError, EnglishTest, HeardAbout, Qualification,
    UsCertification, WorkAuthorisation,
};
pub use countries::{COUNTRIES, Country};
pub use cv::{CvError, CvFile, CvKind, CvUpload};
pub use email_address::{EmailAddress, EmailAddressError};
pub use form_errors::{FieldError, FormErrors};
pub use intake_form::{IntakeForm, Utm};
pub use new_application::NewApplication;
pub use numbers::{ExperienceYears, ExperienceYearsError, GraduationYear, GraduationYearError};
pub use person_name::{PersonName, PersonNameError};
pub use phone::{PhoneNumber, PhoneNumberError};
pub use reference::{ApplicationReference, ApplicationReferenceError};
pub use stage::{STAGES, Stage};
pub use text::{MultiLineText, SingleLineText, TextError};
pub use us_states::{US_STATES, UsState};
