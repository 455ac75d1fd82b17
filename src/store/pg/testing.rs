//! Support for the tests of the shared register (unit and integration tests): a fresh
//! database on the test server of `.ci/postgres`, dropped at the end.

use super::*;

/// The test server's superuser URL (`.ci/postgres` sets it).
pub const URL_ENV: &str = "ACCES_TEST_POSTGRES";

/// A database created for one test, dropped when this is dropped.
pub struct TestDatabase {
    admin: String,
    name: String,
    roles: RefCell<Vec<String>>,
    /// The URL of the new database.
    pub url: String,
}

impl TestDatabase {
    /// A new login role (a volunteer's), named `prefix` + a unique suffix; returns its
    /// name and the URL of this database for it.
    pub fn login_role(&self, prefix: &str) -> (String, String) {
        let name = format!("{prefix}{}", &self.name["acces_t".len()..]);
        let mut c = connect(&self.admin).expect("the test server answers");
        c.batch_execute(&format!("CREATE ROLE {name} LOGIN PASSWORD 'mdp-{name}'"))
            .expect("CREATE ROLE on the test server");
        self.roles.borrow_mut().push(name.clone());
        let (scheme, rest) = self.url.split_once("://").expect("a URL");
        let (_, host) = rest.split_once('@').expect("a URL with a user");
        (name.clone(), format!("{scheme}://{name}:mdp-{name}@{host}"))
    }
}

impl TestDatabase {
    /// The first column of a query on this database, as text (for the tests to look at
    /// what the server holds).
    pub fn column(&self, sql: &str) -> Vec<String> {
        let mut c = connect(&self.url).expect("the test server answers");
        c.query(sql, &[])
            .expect("a query of the test")
            .iter()
            .map(|r| r.get::<_, Option<String>>(0).unwrap_or_default())
            .collect()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = connect(&self.admin) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
            for r in self.roles.borrow().iter() {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS {r}"));
            }
        }
    }
}

/// A new empty database on the test server; `None` (after saying why on stderr) when no
/// server is configured — except in CI (`ACCES_CI` set), where that fails the test.
pub fn fresh_database(test: &str) -> Option<TestDatabase> {
    let Some(admin) = std::env::var(URL_ENV).ok().filter(|u| !u.is_empty()) else {
        if std::env::var_os("ACCES_CI").is_some_and(|v| !v.is_empty()) {
            panic!("{URL_ENV} is not set: in CI, run the tests through .ci/postgres");
        }
        eprintln!(
            "SKIPPED {test}: no PostgreSQL for the tests ({URL_ENV} unset; run \
             `.ci/postgres cargo test` to include them)"
        );
        return None;
    };
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!("acces_t_{}_{n}_{nanos}", std::process::id());
    let mut c = connect(&admin).expect("the test server answers");
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("CREATE DATABASE on the test server");
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin.as_str(), String::new()),
    };
    let prefix = match base.rsplit_once('/') {
        Some((p, _)) if p.contains("//") && p.len() > p.find("//").unwrap() + 2 => p,
        _ => base,
    };
    Some(TestDatabase {
        url: format!("{prefix}/{name}{query}"),
        admin,
        name,
        roles: RefCell::new(Vec::new()),
    })
}

/// A shared register in a fresh database, for a new volunteer `alice`.
pub fn fresh_register(test: &str) -> Option<(TestDatabase, Identity)> {
    let db = fresh_database(test)?;
    let me = Identity::generate("alice");
    create_shared(&db.url, &me).expect("creating the shared register");
    Some((db, me))
}
