//! Passwords: argon2id with a random salt per user, in the PHC string format.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts any password")
        .to_string()
}

/// False for a wrong password and for a hash that cannot be read.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Verifying against this when the user does not exist keeps the answer time the same, so the
/// login screen does not tell which usernames exist.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("Demo@2026");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Demo@2026", &hash));
        assert!(!verify_password("demo@2026", &hash));
        assert!(!verify_password("Demo@2026", "not a hash"));
        assert_ne!(hash, hash_password("Demo@2026"), "salts differ");
    }
}
