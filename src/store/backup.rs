//! `age` encryption of backups: a passphrase (scrypt) recipient, so that `age -d FILE` with
//! the same passphrase reads them with the standard tool.

use std::io::{Read, Write};

use age::secrecy::SecretString;

use super::Passphrase;
use crate::error::{Failure, exit};
use crate::texts::store as t;

/// scrypt's work factor (log2 N) for new backups: 2^18 (256 MiB, well under a second on
/// an ordinary computer), the value `age` itself aims at.
pub const WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when reading a backup: 2^20 (1 GiB). A damaged or
/// tampered header claiming more is refused at once instead of taking gigabytes and
/// tens of seconds before « wrong passphrase ».
pub const MAX_WORK_FACTOR: u8 = 20;

/// Encrypts `plain` with the passphrase (binary age format).
pub fn encrypt_backup(plain: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, Failure> {
    let text = passphrase
        .text()
        .ok_or_else(|| Failure::invalid(t::BACKUP_NEEDS_PASSPHRASE))?;
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(text.to_owned()));
    recipient.set_work_factor(WORK_FACTOR);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(|e| Failure::io(t::backup_encrypt_failed(&e)))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| Failure::io(t::backup_encrypt_failed(&e)))?;
    writer
        .write_all(plain)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| Failure::io(t::backup_encrypt_failed(&e)))?;
    Ok(out)
}

/// Decrypts an age file made by [`encrypt_backup`] (or by `age -p`).
/// Wrong passphrase → exit 3; not an age file → exit 2.
pub fn decrypt_backup(cipher: &[u8], passphrase: &Passphrase) -> Result<Vec<u8>, Failure> {
    let decryptor =
        age::Decryptor::new_buffered(cipher).map_err(|_| Failure::invalid(t::NOT_A_BACKUP))?;
    if !decryptor.is_scrypt() {
        return Err(Failure::invalid(t::BACKUP_NOT_PASSPHRASE));
    }
    let text = passphrase
        .text()
        .ok_or_else(|| Failure::invalid(t::BACKUP_NEEDS_PASSPHRASE))?;
    let mut identity = age::scrypt::Identity::new(SecretString::from(text.to_owned()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as _))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => {
                Failure::new(exit::WRONG_PASSPHRASE, t::BACKUP_WRONG_PASSPHRASE)
            }
            age::DecryptError::ExcessiveWork { .. } => Failure::invalid(t::BACKUP_TOO_COSTLY),
            _ => Failure::invalid(t::NOT_A_BACKUP),
        })?;
    let mut plain = Vec::new();
    reader
        .read_to_end(&mut plain)
        .map_err(|_| Failure::invalid(t::BACKUP_DAMAGED))?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let p = Passphrase::new("correct horse");
        let c = encrypt_backup(b"{\"format\":1}", &p).unwrap();
        assert!(c.starts_with(b"age-encryption.org/v1"));
        assert_eq!(decrypt_backup(&c, &p).unwrap(), b"{\"format\":1}");
        let err = decrypt_backup(&c, &Passphrase::new("autre")).unwrap_err();
        assert_eq!(err.code, exit::WRONG_PASSPHRASE);
        let err = decrypt_backup(b"pas un fichier age", &p).unwrap_err();
        assert_eq!(err.code, exit::INVALID_INPUT);
    }

    /// A header claiming a huge work factor is refused before any key derivation (it used
    /// to cost 4 GB and 20 s before « wrong passphrase »).
    #[test]
    fn a_tampered_work_factor_is_refused_at_once() {
        let p = Passphrase::new("correct horse");
        let c = encrypt_backup(b"{}", &p).unwrap();
        let text = String::from_utf8_lossy(&c).into_owned();
        let line = text.lines().find(|l| l.starts_with("-> scrypt ")).unwrap();
        assert!(line.ends_with(&format!(" {WORK_FACTOR}")), "{line}");
        let tampered_line = format!("{} 21", line.rsplit_once(' ').unwrap().0);
        let pos = c
            .windows(line.len())
            .position(|w| w == line.as_bytes())
            .unwrap();
        let mut tampered = c[..pos].to_vec();
        tampered.extend_from_slice(tampered_line.as_bytes());
        tampered.extend_from_slice(&c[pos + line.len()..]);
        let err = decrypt_backup(&tampered, &p).unwrap_err();
        assert_eq!(err.code, exit::INVALID_INPUT, "{}", err.message);
        assert_eq!(err.message, t::BACKUP_TOO_COSTLY);
    }
}
