//! Words that settle a licence's category when nothing else reads: `proprietary`, `commercial
//! license`, `EULA`, `all rights reserved`, `non-commercial`.
//!
//! The last step of classification, and the fallback for `LicenseRef-` names the index does
//! not know (`LicenseRef-Proprietary`). Only words that leave no doubt are listed: a string
//! that merely mentions "commercial" is still `unknown`.

use super::category::LicenseCategory;
use super::index::name_key;

/// Words that settle the category of an otherwise unreadable string or `LicenseRef-` name.
pub(crate) fn by_keywords(text: &str) -> Option<LicenseCategory> {
    let key = name_key(text);
    let squeezed: String = key.chars().filter(|c| *c != ' ').collect();
    if squeezed.contains("noncommercial") {
        Some(LicenseCategory::NonCommercial)
    } else if squeezed.contains("proprietary")
        || squeezed.contains("commerciallicen")
        || key.split(' ').any(|w| w == "eula")
        || (key.contains("all rights reserved") && key.len() <= 200)
    {
        Some(LicenseCategory::Proprietary)
    } else {
        None
    }
}
