//! Client-side encryption of the shared register's personal fields.
//!
//! A group has a random 256-bit **group key** (one per key version: removing a volunteer
//! adds a version). Personal fields are sealed with XChaCha20-Poly1305 under it, with a
//! random 192-bit nonce; the associated data binds each value to its table, row id and
//! field name (and the key version), so the server cannot swap two persons' fields or move a
//! note to another event without the client noticing.
//!
//! Sealed value: `b'A'`, key version (u32, big-endian), nonce (24 bytes), ciphertext + tag.
//!
//! The group key is stored on the server **wrapped** for each volunteer: an `age` file
//! encrypted to the volunteer's X25519 recipient. The volunteer's identity (secret key)
//! stays on their machine, in their data directory ([`IDENTITY_FILE`]), itself encrypted
//! with their passphrase (age, scrypt).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::Passphrase;
use crate::error::{Failure, exit};
use crate::texts::registre as t;

/// The volunteer's identity in the data directory (age, passphrase-encrypted).
pub const IDENTITY_FILE: &str = "benevole.age";

const TAG: u8 = b'A';
const NONCE: usize = 24;
const HEADER: usize = 1 + 4 + NONCE;

/// The group keys this volunteer can read, by version, and the version new values use.
pub struct GroupKeys {
    current: u32,
    keys: HashMap<u32, Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for GroupKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupKeys")
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

/// A fresh random group key.
pub fn new_key() -> Zeroizing<[u8; 32]> {
    let k = XChaCha20Poly1305::generate_key(&mut OsRng);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&k);
    out
}

fn aad(table: &str, id: i64, field: &str, version: u32) -> Vec<u8> {
    format!("acces/registre/1/{table}/{id}/{field}/{version}").into_bytes()
}

fn unreadable() -> Failure {
    Failure::new(exit::STORE_UNAVAILABLE, t::UNREADABLE_FIELD)
}

impl GroupKeys {
    /// The keys of a volunteer; `current` must be among them.
    pub fn new(current: u32, keys: HashMap<u32, Zeroizing<[u8; 32]>>) -> Result<Self, Failure> {
        if !keys.contains_key(&current) {
            return Err(Failure::new(exit::WRONG_PASSPHRASE, t::NO_CURRENT_KEY));
        }
        Ok(GroupKeys { current, keys })
    }

    pub fn current(&self) -> u32 {
        self.current
    }

    /// Every key version this volunteer holds, with its key (to wrap them for a newcomer).
    pub fn all(&self) -> impl Iterator<Item = (u32, &[u8; 32])> {
        self.keys.iter().map(|(v, k)| (*v, &**k))
    }

    /// Seals `plain` as the field `field` of row `id` of `table`.
    pub fn seal(&self, table: &str, id: i64, field: &str, plain: &[u8]) -> Vec<u8> {
        let key = &self.keys[&self.current];
        let cipher = XChaCha20Poly1305::new(Key::from_slice(&key[..]));
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ad = aad(table, id, field, self.current);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: &ad,
                },
            )
            .expect("XChaCha20-Poly1305 encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(HEADER + sealed.len());
        out.push(TAG);
        out.extend_from_slice(&self.current.to_be_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens a value sealed by [`GroupKeys::seal`] for the same table, row and field.
    /// A value moved, altered, or sealed under a key version this volunteer does not have
    /// gives a French error (exit 4), never a panic.
    pub fn open(
        &self,
        table: &str,
        id: i64,
        field: &str,
        sealed: &[u8],
    ) -> Result<Vec<u8>, Failure> {
        if sealed.len() < HEADER + 16 || sealed[0] != TAG {
            return Err(unreadable());
        }
        let version = u32::from_be_bytes(sealed[1..5].try_into().map_err(|_| unreadable())?);
        let key = self
            .keys
            .get(&version)
            .ok_or_else(|| Failure::new(exit::STORE_UNAVAILABLE, t::KEY_VERSION_MISSING))?;
        let cipher = XChaCha20Poly1305::new(Key::from_slice(&key[..]));
        let nonce = XNonce::from_slice(&sealed[5..HEADER]);
        let ad = aad(table, id, field, version);
        cipher
            .decrypt(
                nonce,
                Payload {
                    msg: &sealed[HEADER..],
                    aad: &ad,
                },
            )
            .map_err(|_| unreadable())
    }

    /// [`GroupKeys::open`], as UTF-8 text.
    pub fn open_text(
        &self,
        table: &str,
        id: i64,
        field: &str,
        sealed: &[u8],
    ) -> Result<String, Failure> {
        String::from_utf8(self.open(table, id, field, sealed)?).map_err(|_| unreadable())
    }
}

/// Wraps a group key for one volunteer (an age file to their X25519 recipient).
pub fn wrap(key: &[u8; 32], recipient: &age::x25519::Recipient) -> Result<Vec<u8>, Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::io(t::wrap_failed(e));
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as _)).map_err(|e| fail(&e))?;
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).map_err(|e| fail(&e))?;
    w.write_all(key).map_err(|e| fail(&e))?;
    w.finish().map_err(|e| fail(&e))?;
    Ok(out)
}

/// Unwraps a group key wrapped for this volunteer.
pub fn unwrap(
    wrapped: &[u8],
    identity: &age::x25519::Identity,
) -> Result<Zeroizing<[u8; 32]>, Failure> {
    let bad = || Failure::new(exit::WRONG_PASSPHRASE, t::KEY_NOT_FOR_YOU);
    let d = age::Decryptor::new_buffered(wrapped).map_err(|_| bad())?;
    let mut r = d
        .decrypt(std::iter::once(identity as _))
        .map_err(|_| bad())?;
    let mut buf = Zeroizing::new(Vec::new());
    r.read_to_end(&mut buf).map_err(|_| bad())?;
    let mut key = Zeroizing::new([0u8; 32]);
    if buf.len() != 32 {
        return Err(bad());
    }
    key.copy_from_slice(&buf);
    Ok(key)
}

/// Parses a volunteer's public recipient (`age1…`).
pub fn recipient(text: &str) -> Result<age::x25519::Recipient, Failure> {
    text.trim()
        .parse()
        .map_err(|_| Failure::invalid(t::BAD_RECIPIENT))
}

/// A volunteer's identity, as kept in their data directory.
pub struct Identity {
    /// The volunteer's name in the group (their database role).
    pub volunteer: String,
    pub secret: age::x25519::Identity,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("volunteer", &self.volunteer)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct IdentityFile {
    benevole: String,
    identite: String,
}

pub fn identity_path(dir: &Path) -> PathBuf {
    dir.join(IDENTITY_FILE)
}

/// Refuses (exit 4, saying what to do) when `dir` holds no volunteer identity: checked
/// before a passphrase is asked for nothing.
pub fn require_identity(dir: &Path) -> Result<(), Failure> {
    if identity_path(dir).exists() {
        Ok(())
    } else {
        Err(Failure::new(exit::STORE_UNAVAILABLE, t::no_identity(dir)))
    }
}

impl Identity {
    /// A new identity for `volunteer`.
    pub fn generate(volunteer: &str) -> Identity {
        Identity {
            volunteer: volunteer.to_string(),
            secret: age::x25519::Identity::generate(),
        }
    }

    pub fn recipient(&self) -> age::x25519::Recipient {
        self.secret.to_public()
    }

    /// Writes the identity in `dir` (created 0700 if needed), encrypted with the
    /// passphrase; refuses to replace an existing one (exit 2).
    pub fn save(&self, dir: &Path, passphrase: &Passphrase) -> Result<PathBuf, Failure> {
        let path = identity_path(dir);
        if path.exists() {
            return Err(Failure::invalid(t::identity_exists(&path)));
        }
        if passphrase.is_empty() {
            return Err(Failure::invalid(crate::texts::store::EMPTY_PASSPHRASE));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::io(crate::texts::store::cannot_create_dir(dir, &e)))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
        self.write_new(&path, passphrase)?;
        Ok(path)
    }

    /// Seals the identity in `dir` under a new passphrase: the new file is written beside
    /// the old one, synced, then renamed over it, so that an interruption leaves the identity
    /// whole under one of the two passphrases. A wrong `old` gives exit 3.
    pub fn change_passphrase(
        dir: &Path,
        old: &Passphrase,
        new: &Passphrase,
    ) -> Result<(), Failure> {
        let id = Identity::load(dir, old)?;
        if new.is_empty() {
            return Err(Failure::invalid(crate::texts::store::EMPTY_PASSPHRASE));
        }
        let path = identity_path(dir);
        let temp = dir.join(format!("{IDENTITY_FILE}.nouvelle"));
        let _ = std::fs::remove_file(&temp);
        let res = id.write_new(&temp, new).and_then(|()| {
            std::fs::rename(&temp, &path)
                .map_err(|e| Failure::io(t::cannot_write_identity(&path, &e)))
        });
        if res.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        res
    }

    /// Writes the identity sealed with `passphrase` into a new file (0600) at `path`.
    fn write_new(&self, path: &Path, passphrase: &Passphrase) -> Result<(), Failure> {
        let json = Zeroizing::new(
            serde_json::to_vec(&IdentityFile {
                benevole: self.volunteer.clone(),
                identite: self.secret.to_string().expose_secret().to_string(),
            })
            .map_err(|e| Failure::io(crate::texts::store::internal(&e)))?,
        );
        let sealed = super::encrypt_backup(&json, passphrase)?;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(path)
            .map_err(|e| Failure::io(t::cannot_write_identity(path, &e)))?;
        f.write_all(&sealed)
            .and_then(|()| f.sync_all())
            .map_err(|e| Failure::io(t::cannot_write_identity(path, &e)))
    }

    /// Reads the identity in `dir` with the passphrase (wrong passphrase → exit 3; no
    /// identity → exit 4 with the command to run).
    pub fn load(dir: &Path, passphrase: &Passphrase) -> Result<Identity, Failure> {
        let path = identity_path(dir);
        let sealed = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Failure::new(exit::STORE_UNAVAILABLE, t::no_identity(dir)));
            }
            Err(e) => return Err(Failure::io(t::cannot_read_identity(&path, &e))),
        };
        let plain = Zeroizing::new(super::decrypt_backup(&sealed, passphrase).map_err(|f| {
            if f.code == exit::WRONG_PASSPHRASE {
                Failure::new(exit::WRONG_PASSPHRASE, t::IDENTITY_WRONG_PASSPHRASE)
            } else {
                Failure::new(exit::STORE_UNAVAILABLE, t::identity_damaged(&path))
            }
        })?);
        let file: IdentityFile = serde_json::from_slice(&plain)
            .map_err(|_| Failure::new(exit::STORE_UNAVAILABLE, t::identity_damaged(&path)))?;
        let secret = file
            .identite
            .parse()
            .map_err(|_| Failure::new(exit::STORE_UNAVAILABLE, t::identity_damaged(&path)))?;
        Ok(Identity {
            volunteer: file.benevole,
            secret,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> GroupKeys {
        GroupKeys::new(1, HashMap::from([(1, new_key())])).unwrap()
    }

    #[test]
    fn sealed_values_open_only_in_their_place() {
        let k = keys();
        let s = k.seal("persons", 7, "data", b"Dupont");
        assert!(!s.windows(6).any(|w| w == b"Dupont"));
        assert_eq!(k.open("persons", 7, "data", &s).unwrap(), b"Dupont");
        // Another row, field or table: refused.
        assert!(k.open("persons", 8, "data", &s).is_err());
        assert!(k.open("events", 7, "data", &s).is_err());
        assert!(k.open("persons", 7, "text", &s).is_err());
        // A flipped bit: refused.
        let mut bad = s.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(k.open("persons", 7, "data", &bad).is_err());
        // Two seals of the same value differ (random nonce).
        assert_ne!(s, k.seal("persons", 7, "data", b"Dupont"));
        // Truncated or foreign bytes: a French error, not a panic.
        assert!(k.open("persons", 7, "data", b"A").is_err());
        assert!(k.open("persons", 7, "data", &[0u8; 64]).is_err());
    }

    #[test]
    fn another_group_key_cannot_open() {
        let s = keys().seal("events", 1, "text", b"note");
        assert_eq!(
            keys().open("events", 1, "text", &s).unwrap_err().code,
            exit::STORE_UNAVAILABLE
        );
    }

    #[test]
    fn a_wrapped_key_opens_only_with_its_identity() {
        let me = Identity::generate("alice");
        let other = Identity::generate("bob");
        let key = new_key();
        let w = wrap(&key, &me.recipient()).unwrap();
        assert_eq!(*unwrap(&w, &me.secret).unwrap(), *key);
        assert_eq!(
            unwrap(&w, &other.secret).unwrap_err().code,
            exit::WRONG_PASSPHRASE
        );
    }

    #[test]
    fn identity_file_round_trip_and_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let id = Identity::generate("alice");
        let pass = Passphrase::new("phrase de passe du bénévole");
        id.save(dir.path(), &pass).unwrap();
        let bytes = std::fs::read(identity_path(dir.path())).unwrap();
        assert!(!bytes.windows(5).any(|w| w == b"alice"));
        let back = Identity::load(dir.path(), &pass).unwrap();
        assert_eq!(back.volunteer, "alice");
        assert_eq!(back.recipient().to_string(), id.recipient().to_string());
        let wrong = Identity::load(dir.path(), &Passphrase::new("autre phrase"));
        assert_eq!(wrong.unwrap_err().code, exit::WRONG_PASSPHRASE);
        // Never replaced.
        assert_eq!(
            id.save(dir.path(), &pass).unwrap_err().code,
            exit::INVALID_INPUT
        );
        // A new passphrase: only it opens the identity afterwards; a wrong old one changes
        // nothing.
        let new = Passphrase::new("nouvelle phrase du bénévole");
        assert_eq!(
            Identity::change_passphrase(dir.path(), &new, &new)
                .unwrap_err()
                .code,
            exit::WRONG_PASSPHRASE
        );
        Identity::change_passphrase(dir.path(), &pass, &new).unwrap();
        assert_eq!(Identity::load(dir.path(), &new).unwrap().volunteer, "alice");
        assert_eq!(
            Identity::load(dir.path(), &pass).unwrap_err().code,
            exit::WRONG_PASSPHRASE
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file left"
        );
    }
}
