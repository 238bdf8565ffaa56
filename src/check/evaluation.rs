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
    sensitivity(m, out);
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
        .filter(|b| {
            b.knockout
                .iter()
                .all(|k| k.result == KnockoutOutcome::Passed)
        })
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
