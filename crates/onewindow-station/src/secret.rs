//! What only a registered city station knows, kept in the OS keyring and nowhere else: the
//! password of its own database role and the key of its encrypted offline outbox.
//!
//! One keyring entry per station: service [`SERVICE`], account the station's name, its secret a
//! small JSON document. On Linux it is an item of the Secret Service's default collection
//! (GNOME Keyring's `login`, KWallet), reached over the session bus by the pure-Rust zbus with an
//! encrypted session; on Windows a generic credential of the Credential Manager.
//!
//! The keyring's calls block (D-Bus round trips, perhaps a prompt): each function here runs them on
//! tokio's blocking pool, so they may be awaited from any async code, the desktop's commands
//! included. They need a tokio runtime.

use keyring::Entry;
use onewindow_app::{AppError, Result};
use rand::distributions::{Alphanumeric, DistString};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::{Deserialize, Serialize};

/// The keyring service every station's entry is filed under.
pub const SERVICE: &str = "onewindow-station";
/// Characters of a generated role password: letters and digits, about 238 bits.
pub const PASSWORD_LEN: usize = 40;

/// What only this station knows: its database role's password and its outbox key.
#[derive(Clone, PartialEq, Eq)]
pub struct StationSecret {
    /// The station's database role (its name as registered with the city).
    pub role: String,
    pub password: String,
    /// The raw SQLCipher key of the station's outbox file.
    pub outbox_key: [u8; 32],
}

/// Never the password or the key, wherever a secret is logged.
impl std::fmt::Debug for StationSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StationSecret")
            .field("role", &self.role)
            .field("password", &"<hidden>")
            .field("outbox_key", &"<hidden>")
            .finish()
    }
}

impl StationSecret {
    /// A new secret for `role` from the OS's randomness: a password of [`PASSWORD_LEN`] letters and
    /// digits (nothing a connection string or SQL literal would need to quote) and a 256-bit key.
    pub fn generate(role: &str) -> Self {
        let mut outbox_key = [0u8; 32];
        OsRng.fill_bytes(&mut outbox_key);
        StationSecret {
            role: role.to_string(),
            password: Alphanumeric.sample_string(&mut OsRng, PASSWORD_LEN),
            outbox_key,
        }
    }
}

/// The entry's secret as stored. `v` is the format, for a later change of it.
#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    role: String,
    password: String,
    /// 64 lowercase hex digits.
    outbox_key: String,
}

const FORMAT: u32 = 1;

fn encode(secret: &StationSecret) -> String {
    let stored = Stored {
        v: FORMAT,
        role: secret.role.clone(),
        password: secret.password.clone(),
        outbox_key: secret.outbox_key.iter().map(|b| format!("{b:02x}")).collect(),
    };
    serde_json::to_string(&stored).expect("plain data serialises")
}

fn decode(text: &str) -> Option<StationSecret> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    if stored.v != FORMAT || stored.outbox_key.len() != 64 || !stored.outbox_key.is_ascii() {
        return None;
    }
    let mut outbox_key = [0u8; 32];
    for (byte, pair) in outbox_key.iter_mut().zip(stored.outbox_key.as_bytes().chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(StationSecret { role: stored.role, password: stored.password, outbox_key })
}

/// Puts `secret` in the keyring as `station`'s, replacing any it had.
pub async fn save(station: &str, secret: &StationSecret) -> Result<()> {
    let text = encode(secret);
    blocking(station, move |entry| entry.set_password(&text)).await
}

/// `station`'s secret, or None when the keyring holds none for it.
pub async fn load(station: &str) -> Result<Option<StationSecret>> {
    let name = station.to_string();
    let text = blocking(station, |entry| match entry.get_password() {
        Ok(text) => Ok(Some(text)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e),
    })
    .await?;
    match text {
        None => Ok(None),
        Some(text) => decode(&text).map(Some).ok_or_else(|| {
            tracing::error!(station = %name, "the keyring's entry for the station is not a station secret");
            AppError::Keyring(format!("系统钥匙串中本站（{name}）的密钥已损坏，请管理员重新登记本站"))
        }),
    }
}

/// Removes `station`'s secret from the keyring; nothing to do when there is none.
pub async fn forget(station: &str) -> Result<()> {
    blocking(station, |entry| match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(e),
    })
    .await
}

/// Runs `f` on `station`'s entry on the blocking pool: the keyring's calls block, and the
/// Secret Service's client runs a runtime of its own that must not start on a runtime's thread.
async fn blocking<T: Send + 'static>(
    station: &str,
    f: impl FnOnce(&Entry) -> keyring::Result<T> + Send + 'static,
) -> Result<T> {
    if station.trim().is_empty() {
        return Err(AppError::invalid("station", "请输入站点名"));
    }
    let station = station.to_string();
    let name = station.clone();
    let outcome = tokio::task::spawn_blocking(move || Entry::new(SERVICE, &station).and_then(|entry| f(&entry)))
        .await
        .map_err(|e| AppError::Keyring(format!("访问系统钥匙串时出错：{e}")))?;
    outcome.map_err(|e| unavailable(&name, e))
}

/// A keyring that cannot be used, in the words of the station's operator; the platform's own text
/// goes to the log.
fn unavailable(station: &str, e: keyring::Error) -> AppError {
    tracing::warn!(station, error = %e, "the OS keyring cannot be used");
    let cause = match e {
        keyring::Error::NoStorageAccess(_) => "钥匙串已锁定、拒绝访问，或没有默认钥匙串".to_string(),
        keyring::Error::PlatformFailure(_) if no_session_bus() => "本会话没有 D-Bus 会话总线".to_string(),
        keyring::Error::PlatformFailure(_) if cfg!(target_os = "linux") => {
            "连不上 Secret Service：会话中没有运行钥匙串服务（如 GNOME 钥匙串），或它无法解锁默认钥匙串".to_string()
        }
        keyring::Error::PlatformFailure(_) => "系统的凭据存储出错".to_string(),
        keyring::Error::Ambiguous(found) => format!("钥匙串中有{}条同名的本站密钥", found.len()),
        keyring::Error::TooLong(..) | keyring::Error::Invalid(..) => format!("站点名“{station}”不能用作钥匙串的账号"),
        keyring::Error::BadEncoding(_) => "钥匙串中的本站密钥不是文本".to_string(),
        keyring::Error::NoEntry => "钥匙串中没有本站密钥".to_string(),
        _ => "未知错误".to_string(),
    };
    AppError::Keyring(format!("系统钥匙串不可用（{cause}）：站点密钥只保存在钥匙串中"))
}

/// On Linux: no session bus to find a Secret Service on (no address given, none at the usual place).
fn no_session_bus() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        && std::env::var_os("XDG_RUNTIME_DIR").is_none_or(|dir| !std::path::Path::new(&dir).join("bus").exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_is_random_and_survives_its_encoding() {
        let a = StationSecret::generate("station_440700000_ws1");
        let b = StationSecret::generate("station_440700000_ws1");
        assert_ne!(a.password, b.password);
        assert_ne!(a.outbox_key, b.outbox_key);
        assert_eq!(a.password.len(), PASSWORD_LEN);
        assert!(a.password.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(decode(&encode(&a)), Some(a));
        assert_eq!(decode("not json"), None);
        assert_eq!(decode(r#"{"v":1,"role":"r","password":"p","outbox_key":"zz"}"#), None);
    }
}
