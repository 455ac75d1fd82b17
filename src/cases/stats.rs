//! Anonymised statistics for advocacy (`acces statistiques`): cases by file, route, outcome
//! and month; the recipients' answer times. No name, no identifier, no date finer than the
//! month; any count from 1 to 4 is hidden (shown « < 5 »), and so is any figure computed on
//! fewer than 5 cases. Pure: the caller derives the statuses ([`super::agenda::track`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::EventKind;
use super::agenda::Tracked;
use super::status::State;

/// Below this, a count is hidden.
pub const THRESHOLD: usize = 5;

/// A count, or « < 5 » when it could point at a few people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Count {
    Shown(usize),
    #[serde(serialize_with = "hidden")]
    Hidden,
}

fn hidden<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(HIDDEN)
}

/// How a hidden count is written.
pub const HIDDEN: &str = "< 5";

impl Count {
    pub fn of(n: usize) -> Count {
        if (1..THRESHOLD).contains(&n) {
            Count::Hidden
        } else {
            Count::Shown(n)
        }
    }

    /// The value for a chart: hidden counts are drawn as 0.
    pub fn value(self) -> usize {
        match self {
            Count::Shown(n) => n,
            Count::Hidden => 0,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Shown(n) => write!(f, "{n}"),
            Count::Hidden => f.write_str(HIDDEN),
        }
    }
}

/// One category and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub valeur: String,
    pub dossiers: Count,
}

/// The recipients' answer times, over the cases whose letter was sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerTimes {
    pub envoyes: Count,
    pub repondus: Count,
    /// Median days from sending to the reply (hidden under 5 replies).
    pub mediane_jours: Option<i64>,
    /// Share of sent cases answered after the deadline or still waiting past it, in %
    /// (hidden under 5 sent cases).
    pub part_en_retard: Option<f64>,
    /// Share of sent cases never answered, in % (hidden under 5 sent cases).
    pub part_sans_reponse: Option<f64>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub dossiers: Count,
    pub par_fichier: Vec<Line>,
    pub par_demarche: Vec<Line>,
    /// The outcome of the last reply (`sans-reponse` when none came).
    pub par_issue: Vec<Line>,
    /// By month of opening (`AAAA-MM`).
    pub par_mois: Vec<Line>,
    pub delais: AnswerTimes,
}

/// The id used for cases without a reply in [`Stats::par_issue`].
pub const NO_REPLY: &str = "sans-reponse";

fn lines(counts: BTreeMap<String, usize>) -> Vec<Line> {
    counts
        .into_iter()
        .map(|(valeur, n)| Line {
            valeur,
            dossiers: Count::of(n),
        })
        .collect()
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole >= THRESHOLD).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Computes the statistics of the tracked cases.
pub fn compute(tracked: &[Tracked]) -> Stats {
    let mut b = StatsBuilder::default();
    tracked.iter().for_each(|t| b.add(t));
    b.finish()
}

/// [`compute`] one case at a time (the command line streams the register through it).
#[derive(Debug, Default)]
pub struct StatsBuilder {
    cases: usize,
    by_file: BTreeMap<String, usize>,
    by_route: BTreeMap<String, usize>,
    by_outcome: BTreeMap<&'static str, usize>,
    by_month: BTreeMap<String, usize>,
    sent: usize,
    late: usize,
    unanswered: usize,
    days: Vec<i64>,
}

impl StatsBuilder {
    pub fn add(&mut self, t: &Tracked) {
        let c = &t.history.case;
        self.cases += 1;
        count(&mut self.by_file, &c.fichier);
        count(&mut self.by_route, &c.demarche);
        *self
            .by_month
            .entry(c.ouvert.format("%Y-%m").to_string())
            .or_insert(0) += 1;
        let events = &t.history.events;
        let first_sent = events.iter().find_map(|e| match e.kind {
            EventKind::Envoye { .. } => Some(e.date),
            _ => None,
        });
        let reply = events.iter().rev().find_map(|e| match e.kind {
            EventKind::Reponse { issue } => Some((e.date, issue)),
            _ => None,
        });
        let outcome = reply.map_or(NO_REPLY, |(_, o)| o.id());
        *self.by_outcome.entry(outcome).or_insert(0) += 1;
        let Some(sent_on) = first_sent else { return };
        self.sent += 1;
        let first_reply = events.iter().find_map(|e| match e.kind {
            EventKind::Reponse { .. } if e.date >= sent_on => Some(e.date),
            _ => None,
        });
        match first_reply {
            Some(r) => {
                self.days.push((r - sent_on).num_days());
                if t.status.reply_due.as_ref().is_some_and(|d| r > d.due()) {
                    self.late += 1;
                }
            }
            None => {
                self.unanswered += 1;
                if t.status.state == State::EnRetard {
                    self.late += 1;
                }
            }
        }
    }

    pub fn finish(mut self) -> Stats {
        let days = &mut self.days;
        days.sort_unstable();
        let median = (days.len() >= THRESHOLD).then(|| {
            let m = days.len() / 2;
            if days.len() % 2 == 1 {
                days[m]
            } else {
                (days[m - 1] + days[m]) / 2
            }
        });
        Stats {
            dossiers: Count::of(self.cases),
            par_fichier: lines(self.by_file),
            par_demarche: lines(self.by_route),
            par_issue: lines(
                self.by_outcome
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n))
                    .collect(),
            ),
            par_mois: lines(self.by_month),
            delais: AnswerTimes {
                envoyes: Count::of(self.sent),
                repondus: Count::of(self.days.len()),
                mediane_jours: median,
                part_en_retard: share(self.late, self.sent),
                part_sans_reponse: share(self.unanswered, self.sent),
            },
        }
    }
}

/// One more for `key`, without allocating when it is already counted.
fn count(counts: &mut BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden() {
        assert_eq!(Count::of(0), Count::Shown(0));
        for n in 1..5 {
            assert_eq!(Count::of(n), Count::Hidden);
            assert_eq!(Count::of(n).to_string(), "< 5");
        }
        assert_eq!(Count::of(5), Count::Shown(5));
        assert_eq!(serde_json::to_string(&Count::Hidden).unwrap(), "\"< 5\"");
        assert_eq!(serde_json::to_string(&Count::Shown(12)).unwrap(), "12");
    }

    #[test]
    fn shares_need_five_cases() {
        assert_eq!(share(1, 4), None);
        assert_eq!(share(1, 3 * THRESHOLD), Some(6.7));
    }
}
