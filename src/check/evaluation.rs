//! OS-EVAL: the award criteria, the scores and the award decision.

use std::collections::BTreeMap;

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::evaluation::{Bid, KnockoutOutcome};

/// The weighted total of a bid: the sum of weight × score over the award
/// criteria, rounded to two decimals so that totals equal on paper compare equal.
pub fn weighted_total(m: &Model, bid: &Bid) -> f64 {
    let total: f64 = m
        .tender
        .award_criteria
        .iter()
        .map(|c| {
            let score = bid
                .scores
                .iter()
                .find(|s| s.criterion.value == c.id.value)
                .map_or(0.0, |s| s.score.value);
            f64::from(c.weight) * score
        })
        .sum();
    (total * 100.0).round() / 100.0
}

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let t = &m.tender;
    // OS-EVAL-009: bidders are told every criterion and weight.
    for c in t.award_criteria.iter().filter(|c| c.internal) {
        out.push(
            Diagnostic::new(
                &rules::OS_EVAL_009,
                format!("the award criterion `{}` is marked `internal: true`", c.id.value),
            )
            .at(c.id.loc)
            .help(format!(
                "remove `internal: true`: the tender publishes every award criterion with its weight, and without `{}` (weight {}) the published weights would not add up to 100",
                c.id.value, c.weight
            )),
        );
    }
    // OS-EVAL-010: a bidder is excluded only by a criterion it was told.
    for c in t.suitability_criteria.iter().filter(|c| c.internal) {
        out.push(
            Diagnostic::new(
                &rules::OS_EVAL_010,
                format!(
                    "the suitability criterion `{}` is marked `internal: true`",
                    c.id.value
                ),
            )
            .at(c.id.loc)
            .help(format!(
                "remove `internal: true`: the tender publishes every knock-out criterion with the evidence it asks for, and bids would otherwise be excluded by `{}`, which the bidders never saw",
                c.id.value
            )),
        );
    }
    if let Some(first) = t.award_criteria.first() {
        let total: u32 = t.award_criteria.iter().map(|c| c.weight).sum();
        if total != 100 {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_001,
                    format!("the award-criteria weights add up to {total}, not 100"),
                )
                .at(first.id.loc)
                .help(format!(
                    "change the `weight:` values so that they add up to 100 (now: {})",
                    t.award_criteria
                        .iter()
                        .map(|c| format!("{} {}", c.id.value, c.weight))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    let (min, max) = (f64::from(t.scoring.min), f64::from(t.scoring.max));
    let mut seen_bidders: BTreeMap<&str, &Bid> = BTreeMap::new();
    for bid in &m.evaluation.bids {
        if let Some(first) = seen_bidders.insert(bid.bidder.as_str(), bid) {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_007,
                    format!("`{}` has two bids", bid.bidder.value),
                )
                .at(bid.bidder.loc)
                .related(first.bidder.loc, "first bid")
                .help("merge the two entries into one bid per bidder"),
            );
        }
        for s in &bid.scores {
            if !(min..=max).contains(&s.score.value) {
                out.push(
                    Diagnostic::new(
                        &rules::OS_EVAL_002,
                        format!(
                            "the score {} lies outside the scale {}–{}",
                            s.score.value, t.scoring.min, t.scoring.max
                        ),
                    )
                    .at(s.score.loc)
                    .help(format!(
                        "give a score from {} to {}, as `tender.scoring` declares",
                        t.scoring.min, t.scoring.max
                    )),
                );
            }
        }
        for c in &t.suitability_criteria {
            let results = bid
                .knockout
                .iter()
                .filter(|k| k.criterion.value == c.id.value)
                .count();
            if results == 0 {
                out.push(
                    Diagnostic::new(&rules::OS_EVAL_003, format!("the bid of `{}` has no result for the knock-out criterion `{}`", bid.bidder.value, c.id.value))
                        .at(bid.bidder.loc)
                        .help(format!("add `- {{ criterion: {}, result: passed }}` (or `failed`, `missing`) under `knockout:`", c.id.value)),
                );
            } else if results > 1 {
                out.push(
                    Diagnostic::new(&rules::OS_EVAL_003, format!("the bid of `{}` has {results} results for the knock-out criterion `{}`", bid.bidder.value, c.id.value))
                        .at(bid.bidder.loc)
                        .help("keep one result per criterion"),
                );
            }
        }
        if !scored(bid) {
            if let Some(first) = bid.scores.first() {
                out.push(
                    Diagnostic::new(
                        &rules::OS_EVAL_015,
                        format!(
                            "the bid of `{}` is excluded ({}), but has scores",
                            bid.bidder.value,
                            why_excluded(bid)
                        ),
                    )
                    .at(first.criterion.loc)
                    .help("an excluded bid is not scored: remove its `scores:` (they do not count), and write what was found in its `notes:` if it matters"),
                );
            }
            continue;
        }
        for c in &t.award_criteria {
            let scores = bid
                .scores
                .iter()
                .filter(|s| s.criterion.value == c.id.value)
                .count();
            if scores != 1 {
                let what = if scores == 0 {
                    "no score".to_string()
                } else {
                    format!("{scores} scores")
                };
                out.push(
                    Diagnostic::new(
                        &rules::OS_EVAL_004,
                        format!(
                            "the bid of `{}` has {what} for the award criterion `{}`",
                            bid.bidder.value, c.id.value
                        ),
                    )
                    .at(bid.bidder.loc)
                    .help(format!(
                        "give exactly one `- {{ criterion: {}, score: N }}` under `scores:`",
                        c.id.value
                    )),
                );
            }
        }
    }
    chosen(m, out);
    answers(m, out);
    sensitivity(m, out);
}

/// Whether a bid is scored: it passed every knock-out criterion it has a
/// result for, and is not excluded otherwise.
pub fn scored(bid: &Bid) -> bool {
    bid.excluded.is_none()
        && bid
            .knockout
            .iter()
            .all(|k| k.result == KnockoutOutcome::Passed)
}

/// Why a bid is not scored, for messages.
fn why_excluded(bid: &Bid) -> String {
    match bid
        .knockout
        .iter()
        .find(|k| k.result != KnockoutOutcome::Passed)
    {
        Some(k) => format!(
            "the knock-out criterion `{}` is `{}`",
            k.criterion.value,
            match k.result {
                KnockoutOutcome::Failed => "failed",
                _ => "missing",
            }
        ),
        None => "`excluded:`".to_string(),
    }
}

/// OS-EVAL-011 to 014: the bidders' answers against the questionnaire and
/// the bids.
fn answers(m: &Model, out: &mut Vec<Diagnostic>) {
    use crate::model::answers::Compliance;
    let rows = crate::derive::questionnaire(m);
    let mut seen: BTreeMap<&str, &crate::model::Answers> = BTreeMap::new();
    for a in &m.answers {
        if let Some(first) = seen.insert(a.bidder.as_str(), a) {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_013,
                    format!("`{}` has two sets of answers", a.bidder.value),
                )
                .at(a.bidder.loc)
                .related(first.bidder.loc, "first set")
                .help("delete one of them: `outsec answers import` writes one file per bidder, `answers/<bidder>.yaml`, and replaces it on a new import"),
            );
            continue;
        }
        // OS-EVAL-014: the rows as sent.
        let missing: Vec<&str> = rows
            .iter()
            .filter(|q| !a.rows.iter().any(|r| r.id.value == q.id))
            .map(|q| q.id.as_str())
            .collect();
        let extra: Vec<&crate::model::answers::Answer> = a
            .rows
            .iter()
            .filter(|r| !rows.iter().any(|q| q.id == r.id.value))
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_014,
                    format!(
                        "the answers of `{}` have no row for {} of the questionnaire",
                        a.bidder.value,
                        list(&missing)
                    ),
                )
                .at(a.bidder.loc)
                .help("the questionnaire has changed since it was answered: tell all bidders of the change and import their answers again, or restore the questionnaire as published"),
            );
        }
        for r in extra {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_014,
                    format!(
                        "the answers of `{}` have a row for `{}`, which the questionnaire does not have",
                        a.bidder.value, r.id.value
                    ),
                )
                .at(r.id.loc)
                .help("the questionnaire asks about every outward question and every outward `must` and `should` requirement only: remove the row, or restore the questionnaire as published"),
            );
        }
        let Some(bid) = m
            .evaluation
            .bids
            .iter()
            .find(|b| b.bidder.value == a.bidder.value)
        else {
            continue;
        };
        if !scored(bid) {
            continue;
        }
        for q in &rows {
            let Some(r) = a.rows.iter().find(|r| r.id.value == q.id) else {
                continue;
            };
            let must = q.priority == Some(crate::model::requirements::Priority::Must);
            match r.compliance {
                Some(Compliance::No) | None if must => out.push(
                    Diagnostic::new(
                        &rules::OS_EVAL_011,
                        format!(
                            "`{}` {} the MUST requirement `{}`, but its bid is not excluded",
                            a.bidder.value,
                            if r.compliance.is_some() { "answers `no` to" } else { "leaves unanswered" },
                            q.id
                        ),
                    )
                    .at(r.id.loc)
                    .related(bid.bidder.loc, "the bid")
                    .help(format!(
                        "a bid that does not meet a MUST requirement is excluded: add `excluded: {{ reason: {} not met, answered no }}` to the bid; if the bidder has corrected the answer in writing, import the corrected questionnaire with `--force`",
                        q.id
                    )),
                ),
                Some(Compliance::Partly)
                    if !bid.compliance_notes.iter().any(|n| n.id.value == q.id) =>
                {
                    out.push(
                        Diagnostic::new(
                            &rules::OS_EVAL_012,
                            format!(
                                "`{}` answers `partly` to `{}`, and the evaluation has no note on it",
                                a.bidder.value, q.id
                            ),
                        )
                        .at(r.id.loc)
                        .related(bid.bidder.loc, "the bid")
                        .help(format!(
                            "add `- {{ id: {}, note: … }}` under the bid's `compliance_notes:` saying what is missing and why the bid stays{}, or exclude the bid with `excluded: {{ reason: … }}`",
                            q.id,
                            if must { " (for a MUST requirement: how it will be met by the start of operation)" } else { "" }
                        )),
                    );
                }
                _ => {}
            }
        }
    }
}

/// Ids as a list for a message: `A`, `B` and 3 more.
fn list(ids: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

/// OS-EVAL-008: a decision that one weight moved by 5 points would overturn.
fn sensitivity(m: &Model, out: &mut Vec<Diagnostic>) {
    let award = crate::award::award(m);
    if !award.fragile {
        return;
    }
    let flips: Vec<String> = award
        .sensitivity
        .iter()
        .filter(|s| s.changes)
        .map(|s| {
            format!(
                "{} {:+} → {}",
                s.criterion,
                s.delta,
                s.winner.as_deref().unwrap_or("none")
            )
        })
        .collect();
    let mut d = Diagnostic::new(
        &rules::OS_EVAL_008,
        format!(
            "the award is fragile: moving one weight by {} points changes the winner ({})",
            crate::award::SHIFT,
            flips.join("; ")
        ),
    );
    if let Some(loc) = m
        .evaluation
        .chosen
        .as_ref()
        .map(|c| c.loc)
        .or_else(|| m.sections.get("evaluation").copied())
    {
        d = d.at(loc);
    }
    out.push(d.help("the ranking depends on the exact weights: check that they were fixed and published before the bids were opened, and record in `evaluation.justification` why the result stands"));
}

/// OS-EVAL-005/006: the chosen provider bid, passed every knock-out criterion
/// and scored best, unless the evaluation justifies the choice.
fn chosen(m: &Model, out: &mut Vec<Diagnostic>) {
    let Some(chosen) = &m.evaluation.chosen else {
        return;
    };
    let Some(bid) = m
        .evaluation
        .bids
        .iter()
        .find(|b| b.bidder.value == chosen.value)
    else {
        out.push(
            Diagnostic::new(
                &rules::OS_EVAL_005,
                format!(
                    "the chosen provider `{}` has no bid in the evaluation",
                    chosen.value
                ),
            )
            .at(chosen.loc)
            .help("add its bid under `evaluation.bids`, or choose one of the bidders"),
        );
        return;
    };
    if let Some(reason) = bid.excluded.as_ref().map(|e| &e.reason) {
        out.push(
            Diagnostic::new(
                &rules::OS_EVAL_006,
                format!(
                    "the chosen provider `{}` is excluded (`excluded: {}`)",
                    chosen.value,
                    reason.lines().next().unwrap_or_default()
                ),
            )
            .at(chosen.loc)
            .help("an excluded bid cannot be awarded: choose another bidder, or remove `excluded:` if the reason no longer holds"),
        );
    }
    for k in &bid.knockout {
        if k.result != KnockoutOutcome::Passed {
            out.push(
                Diagnostic::new(
                    &rules::OS_EVAL_006,
                    format!("the chosen provider `{}` did not pass the knock-out criterion `{}`", chosen.value, k.criterion.value),
                )
                .at(chosen.loc)
                .related(k.criterion.loc, "result recorded here")
                .help("a bid that fails a suitability criterion is excluded: choose another bidder, or correct the result once the evidence is in"),
            );
        }
    }
    let own = weighted_total(m, bid);
    let best = m
        .evaluation
        .bids
        .iter()
        .filter(|b| b.bidder.value != chosen.value)
        .filter(|b| scored(b))
        .map(|b| (weighted_total(m, b), b))
        .filter(|(total, _)| *total > own)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let justified = m
        .evaluation
        .justification
        .as_deref()
        .is_some_and(|j| !j.trim().is_empty());
    if let Some((total, better)) = best
        && !justified
    {
        out.push(
            Diagnostic::new(
                &rules::OS_EVAL_006,
                format!(
                    "the chosen provider `{}` has a weighted total of {own} points, but `{}` has {total} (of at most {}), and the evaluation gives no justification",
                    chosen.value,
                    better.bidder.value,
                    m.tender.award_criteria.iter().map(|c| c.weight).sum::<u32>() * m.tender.scoring.max
                ),
            )
            .at(chosen.loc)
            .help("choose the best-scored bidder, or write in `evaluation.justification` why another bid wins"),
        );
    }
}
