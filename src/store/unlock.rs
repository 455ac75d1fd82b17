//! « Unlock once »: the store's derived key kept for a limited time in the operating
//! system's secret store, so that later commands skip the passphrase's key derivation.
//!
//! SQLCipher derives the page key from the passphrase with PBKDF2-HMAC-SHA512 (256,000
//! iterations, the file's first 16 bytes as salt): about 130 ms of CPU in every process. We
//! derive the same key once ([`derive`]), check it opens the store, and keep it — key and
//! salt, never the passphrase — in the Linux kernel keyring (the session keyring, with a
//! timeout the kernel enforces). SQLCipher's raw-key mode (`x'…'`, key then salt) then opens
//! the store without the key derivation. The key never touches the disk nor the environment.
//!
//! Trade-off (said in the README): while unlocked, any process of this user in this login
//! session can read the key from the keyring, as it could read the passphrase typed in it.
//! `acces verrouiller` forgets it at once; the timeout forgets it anyway.
//!
//! Only Linux has a keyring here; elsewhere [`available`] is false and every command asks
//! for the passphrase as before.

use std::path::Path;

use pbkdf2::pbkdf2_hmac;
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroize;

use super::Passphrase;

/// SQLCipher 4's defaults (`cipher_default_kdf_iter`, key and salt sizes).
const KDF_ITER: u32 = 256_000;
const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;

/// The store's page key and its salt, as SQLCipher's raw-key mode takes them.
#[derive(Clone, PartialEq, Eq)]
pub struct RawKey([u8; KEY_LEN + SALT_LEN]);

impl RawKey {
    /// `x'<key><salt>'`, the form `PRAGMA key` and `ATTACH … KEY` accept; with the salt
    /// given, a copy made with this key keeps the salt, so the passphrase opens it too.
    pub(crate) fn sqlcipher_literal(&self) -> String {
        let mut s = String::with_capacity(3 + 2 * self.0.len());
        s.push_str("x'");
        for b in self.0 {
            s.push_str(&format!("{b:02X}"));
        }
        s.push('\'');
        s
    }

    fn from_bytes(bytes: &[u8]) -> Option<RawKey> {
        <[u8; KEY_LEN + SALT_LEN]>::try_from(bytes).ok().map(RawKey)
    }
}

impl std::fmt::Debug for RawKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawKey(***)")
    }
}

impl Drop for RawKey {
    fn drop(&mut self) {
        // The bytes do not outlive the value in this process's memory.
        self.0.zeroize();
    }
}

/// Derives the page key SQLCipher derives from `passphrase` for a store whose file starts
/// with `salt` (its first 16 bytes).
pub fn derive(passphrase: &str, salt: &[u8; SALT_LEN]) -> RawKey {
    let mut out = [0u8; KEY_LEN + SALT_LEN];
    pbkdf2_hmac::<Sha512>(passphrase.as_bytes(), salt, KDF_ITER, &mut out[..KEY_LEN]);
    out[KEY_LEN..].copy_from_slice(salt);
    RawKey(out)
}

/// The keyring entry's name for a data directory: a hash, so the keyring listing does not
/// show the directory's path (which may hold a name).
fn description(dir: &Path) -> String {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    let mut s = String::from("acces:");
    for b in &digest[..12] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

impl Passphrase {
    /// The key kept by `acces deverrouiller`, used in place of a passphrase.
    pub(crate) fn from_raw_key(key: RawKey) -> Passphrase {
        Passphrase(super::Secret::Key(key))
    }
}

#[cfg(target_os = "linux")]
mod keyring {
    use linux_keyutils::{KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};
    use zeroize::Zeroize;

    use super::RawKey;

    fn session() -> Result<KeyRing, KeyError> {
        // Without a session keyring, the kernel gives the user-session one: shared by this
        // user's processes that have no session keyring of their own.
        KeyRing::from_special_id(KeyRingIdentifier::Session, false)
    }

    pub fn available() -> bool {
        session().is_ok()
    }

    pub fn store(desc: &str, key: &RawKey, seconds: u32) -> Result<(), String> {
        let ring = session().map_err(|e| format!("{e:?}"))?;
        let k = ring.add_key(desc, &key.0).map_err(|e| format!("{e:?}"))?;
        // The possessor (processes of this session) may use it; other users nothing.
        let perms = KeyPermissionsBuilder::builder()
            .posessor(Permission::ALL)
            .user(Permission::VIEW)
            .build();
        let res = k
            .set_perms(perms)
            .and_then(|()| k.set_timeout(seconds as usize))
            .map_err(|e| format!("{e:?}"));
        if res.is_err() {
            let _ = k.invalidate();
        }
        res
    }

    pub fn read(desc: &str) -> Option<RawKey> {
        let ring = session().ok()?;
        let k = ring.search(desc).ok()?;
        let mut buf = [0u8; 64];
        let n = k.read(&mut buf).ok()?;
        let key = RawKey::from_bytes(buf.get(..n)?);
        buf.zeroize();
        key
    }

    pub fn remove(desc: &str) -> bool {
        let Ok(ring) = session() else { return false };
        let mut removed = false;
        while let Ok(k) = ring.search(desc) {
            if k.invalidate().is_err() {
                break;
            }
            removed = true;
        }
        removed
    }
}

#[cfg(not(target_os = "linux"))]
mod keyring {
    use super::RawKey;
    pub fn available() -> bool {
        false
    }
    pub fn store(_: &str, _: &RawKey, _: u32) -> Result<(), String> {
        Err("no keyring".into())
    }
    pub fn read(_: &str) -> Option<RawKey> {
        None
    }
    pub fn remove(_: &str) -> bool {
        false
    }
}

/// Whether this system offers a keyring acces can use.
pub fn available() -> bool {
    keyring::available()
}

/// Keeps `key` for the store in `dir` for `seconds`. The error text is technical (the
/// caller words the failure in French).
pub fn remember(dir: &Path, key: &RawKey, seconds: u32) -> Result<(), String> {
    keyring::remove(&description(dir));
    keyring::store(&description(dir), key, seconds)
}

/// The key kept for the store in `dir`, if it is unlocked.
pub fn recall(dir: &Path) -> Option<Passphrase> {
    keyring::read(&description(dir)).map(Passphrase::from_raw_key)
}

/// Forgets the key of the store in `dir`; true if one was kept.
pub fn forget(dir: &Path) -> bool {
    keyring::remove(&description(dir))
}

/// The salt of the store file in `dir` (its first 16 bytes).
pub fn salt_of(path: &Path) -> std::io::Result<[u8; SALT_LEN]> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut salt = [0u8; SALT_LEN];
    f.read_exact(&mut salt)?;
    Ok(salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_is_key_then_salt_in_hex() {
        let k = derive("phrase", &[7u8; 16]);
        let lit = k.sqlcipher_literal();
        assert!(lit.starts_with("x'") && lit.ends_with('\''));
        assert_eq!(lit.len(), 3 + 96);
        assert!(lit.ends_with(&"07".repeat(16).add_quote()));
        // The derivation depends on the passphrase and on the salt.
        assert_ne!(derive("phrase", &[7u8; 16]), derive("phrase2", &[7u8; 16]));
        assert_ne!(derive("phrase", &[7u8; 16]), derive("phrase", &[8u8; 16]));
        assert!(!format!("{k:?}").contains("07"));
    }

    trait AddQuote {
        fn add_quote(self) -> String;
    }
    impl AddQuote for String {
        fn add_quote(mut self) -> String {
            self.push('\'');
            self
        }
    }

    #[test]
    fn derived_key_opens_the_store_sqlcipher_made_and_a_wrong_one_does_not() {
        use crate::person::Person;
        use crate::store::{LockMode, Store, db_path, open};
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        let pass = Passphrase::new("phrase d'essai du trousseau");
        let mut s = open(&dir, &pass, LockMode::Command, true).unwrap();
        let person = Person {
            nom: "Clef".into(),
            prenoms: "Ada".into(),
            adresse: vec!["1 rue X".into()],
            code_postal: "75001".into(),
            commune: "Paris".into(),
            ..Person::default()
        };
        s.add_person(&person).unwrap();
        drop(s);
        let salt = salt_of(&db_path(&dir)).unwrap();
        let key = Passphrase::from_raw_key(derive("phrase d'essai du trousseau", &salt));
        assert!(key.is_kept_key() && key.text().is_none());
        let s = open(&dir, &key, LockMode::Command, false).unwrap();
        assert_eq!(s.persons().unwrap()[0].personne.nom, "Clef");
        drop(s);
        let wrong = Passphrase::from_raw_key(derive("autre phrase", &salt));
        let err = open(&dir, &wrong, LockMode::Command, false).unwrap_err();
        assert_eq!(err.code, crate::error::exit::WRONG_PASSPHRASE);
    }

    #[test]
    fn description_hides_the_path() {
        let d = description(Path::new("/home/marie-dupont/acces"));
        assert!(d.starts_with("acces:"));
        assert!(!d.contains("marie"));
        assert_eq!(d, description(Path::new("/home/marie-dupont/acces")));
        assert_ne!(d, description(Path::new("/home/autre/acces")));
    }
}
