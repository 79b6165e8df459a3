//! (being written)
use crate::error::InputError;
use crate::model::{GraphBuilder, InputInfo};

/// Not implemented yet.
pub fn read_json(path: &str, _text: &str, _builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    Err(InputError::new(path, "this format is not supported yet"))
}

/// Not implemented yet.
pub fn read_yaml(path: &str, _text: &str, _builder: &mut GraphBuilder) -> Result<InputInfo, InputError> {
    Err(InputError::new(path, "this format is not supported yet"))
}
