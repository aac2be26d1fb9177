//! `localStorage` as values: every failure is a [`StoreError`], never an exception.
//!
//! Keys are the caller's, and every caller namespaces them (`partnerscope:v1:…`): on `file://`
//! one store is shared by every page opened from disk.

/// Why the device store could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No storage at all (private mode, disabled, sandboxed frame).
    Unavailable,
    /// Storage refused the write, most often because it is full.
    Refused,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, if any.
pub fn load(key: &str) -> Result<Option<String>, StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.get_item(key).map_err(|_| StoreError::Unavailable)
}

/// Stores `text` under `key`.
pub fn save(key: &str, text: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.set_item(key, text).map_err(|_| StoreError::Refused)
}

/// Removes what is stored under `key`.
pub fn remove(key: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.remove_item(key).map_err(|_| StoreError::Refused)
}

/// Every stored key that starts with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}
