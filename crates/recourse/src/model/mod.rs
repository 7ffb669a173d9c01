//! The model: the claim that comes in and the decision that goes out, with their JSON forms.

pub mod claim;
pub mod claim_path;
pub mod decision;
