//! The award decision, derived from the evaluation: knock-out results,
//! weighted scores, the ranking with its tie-break, and whether the winner
//! survives a change of any one weight by ±5 points.

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::Model;
use crate::model::answers::Compliance;
use crate::model::evaluation::{Bid, KnockoutOutcome};

/// How far each weight is moved in the sensitivity check, in points.
pub const SHIFT: i64 = 5;

#[derive(Debug, Serialize)]
pub struct Knockout {
    pub criterion: String,
    pub result: Option<KnockoutOutcome>,
    /// The evaluators' remark on the result.
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScoreLine {
    pub criterion: String,
    pub weight: u32,
    pub score: Option<f64>,
    /// weight × score.
    pub weighted: f64,
    /// The reason for the score.
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BidResult {
    pub bidder: String,
    pub knockout: Vec<Knockout>,
    /// Passed every knock-out criterion.
    pub suitable: bool,
    /// Why the bid is excluded besides the knock-out criteria (`excluded`).
    pub excluded: Option<String>,
    /// Suitable and not excluded: scored and ranked.
    pub eligible: bool,
    /// The scores per award criterion; none for a bid that is not eligible,
    /// which is not scored.
    pub scores: Vec<ScoreLine>,
    /// Σ weight × score, rounded to two decimals (0 for a bid not scored).
    pub total: f64,
    /// The total as a share of the highest possible total, in percent.
    pub percent: f64,
    /// 1 for the best eligible bid; none for excluded bids.
    pub rank: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Shift {
    pub criterion: String,
    /// The moved weight, for example `+5`.
    pub delta: i64,
    pub weight: i64,
    pub winner: Option<String>,
    pub changes: bool,
}

/// Two bids with the same weighted total, in the order the tie-break put them.
#[derive(Debug, Serialize)]
pub struct Tie {
    pub first: String,
    pub second: String,
    pub total: f64,
    /// The criterion that decided; none when every score is equal and the
    /// bidder ids decided.
    pub criterion: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Award {
    /// Eligible bids by rank, then the excluded ones.
    pub bids: Vec<BidResult>,
    pub winner: Option<String>,
    /// The highest possible weighted total.
    pub max_total: f64,
    /// How ties were broken.
    pub ties: Vec<Tie>,
    pub sensitivity: Vec<Shift>,
    /// Whether moving any one weight by ±5 points changes the winner.
    pub fragile: bool,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn score_of(bid: &Bid, criterion: &str) -> Option<f64> {
    bid.scores
        .iter()
        .find(|s| s.criterion.value == criterion)
        .map(|s| s.score.value)
}

/// Derives the award decision. Empty when there are no bids.
pub fn award(m: &Model) -> Award {
    let criteria = &m.tender.award_criteria;
    if m.evaluation.bids.is_empty() || criteria.is_empty() {
        return Award::default();
    }
    let max_total =
        f64::from(criteria.iter().map(|c| c.weight).sum::<u32>()) * f64::from(m.tender.scoring.max);
    let mut bids: Vec<BidResult> = m
        .evaluation
        .bids
        .iter()
        .map(|bid| {
            let knockout: Vec<Knockout> = m
                .tender
                .suitability_criteria
                .iter()
                .map(|c| Knockout {
                    criterion: c.id.value.clone(),
                    result: bid
                        .knockout
                        .iter()
                        .find(|k| k.criterion.value == c.id.value)
                        .map(|k| k.result),
                    note: bid
                        .knockout
                        .iter()
                        .find(|k| k.criterion.value == c.id.value)
                        .and_then(|k| k.note.clone()),
                })
                .collect();
            let suitable = knockout
                .iter()
                .all(|k| k.result == Some(KnockoutOutcome::Passed));
            let excluded = bid.excluded.as_ref().map(|e| e.reason.clone());
            let eligible = suitable && excluded.is_none();
            // A bid excluded before the scoring is not scored: whatever
            // scores it has do not count.
            let scores: Vec<ScoreLine> = if eligible {
                criteria
                    .iter()
                    .map(|c| {
                        let score = score_of(bid, &c.id);
                        ScoreLine {
                            criterion: c.id.value.clone(),
                            weight: c.weight,
                            score,
                            weighted: round2(f64::from(c.weight) * score.unwrap_or(0.0)),
                            note: bid
                                .scores
                                .iter()
                                .find(|s| s.criterion.value == c.id.value)
                                .and_then(|s| s.note.clone()),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let total = round2(
                scores
                    .iter()
                    .map(|s| f64::from(s.weight) * s.score.unwrap_or(0.0))
                    .sum(),
            );
            let percent = if max_total > 0.0 {
                round2(total / max_total * 100.0)
            } else {
                0.0
            };
            BidResult {
                bidder: bid.bidder.value.clone(),
                knockout,
                suitable,
                excluded,
                eligible,
                scores,
                total,
                percent,
                rank: None,
            }
        })
        .collect();

    // Criteria by falling weight (then by listing order) decide ties.
    let mut by_weight: Vec<usize> = (0..criteria.len()).collect();
    by_weight.sort_by(|a, b| criteria[*b].weight.cmp(&criteria[*a].weight).then(a.cmp(b)));
    let mut ties = Vec::new();
    let compare = |a: &BidResult, b: &BidResult, ties: &mut Vec<Tie>| -> Ordering {
        match (a.eligible, b.eligible) {
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            // Bids not scored follow in the order of their ids.
            (false, false) => return a.bidder.cmp(&b.bidder),
            (true, true) => {}
        }
        match b.total.total_cmp(&a.total) {
            Ordering::Equal => {}
            other => return other,
        }
        for &i in &by_weight {
            let (sa, sb) = (
                a.scores[i].score.unwrap_or(0.0),
                b.scores[i].score.unwrap_or(0.0),
            );
            if sa != sb {
                if a.eligible {
                    ties.push(Tie {
                        first: a.bidder.clone(),
                        second: b.bidder.clone(),
                        total: a.total,
                        criterion: Some(criteria[i].id.value.clone()),
                    });
                }
                return sb.total_cmp(&sa);
            }
        }
        if a.eligible {
            ties.push(Tie {
                first: a.bidder.clone(),
                second: b.bidder.clone(),
                total: a.total,
                criterion: None,
            });
        }
        a.bidder.cmp(&b.bidder)
    };
    // A stable insertion sort keeps the comparisons (and so the tie notes) deterministic.
    let mut order: Vec<BidResult> = Vec::with_capacity(bids.len());
    for bid in bids.drain(..) {
        let pos = order
            .iter()
            .position(|o| compare(&bid, o, &mut Vec::new()) == Ordering::Less)
            .unwrap_or(order.len());
        order.insert(pos, bid);
    }
    for pair in order.windows(2) {
        compare(&pair[0], &pair[1], &mut ties);
    }
    let mut rank = 0;
    for bid in order.iter_mut().filter(|b| b.eligible) {
        rank += 1;
        bid.rank = Some(rank);
    }
    let winner = order
        .first()
        .filter(|b| b.eligible)
        .map(|b| b.bidder.clone());

    let sensitivity = sensitivity(m, &order, winner.as_deref());
    let fragile = sensitivity.iter().any(|s| s.changes);
    Award {
        bids: order,
        winner,
        max_total,
        ties,
        sensitivity,
        fragile,
    }
}

/// Moves each weight by −5 and +5 points in turn and finds the winner by the
/// weighted average (Σ w·s / Σ w), which is what the ranking becomes when
/// the other weights make room in proportion.
fn sensitivity(m: &Model, ranked: &[BidResult], winner: Option<&str>) -> Vec<Shift> {
    let criteria = &m.tender.award_criteria;
    let eligible: Vec<&BidResult> = ranked.iter().filter(|b| b.eligible).collect();
    if eligible.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, c) in criteria.iter().enumerate() {
        for delta in [-SHIFT, SHIFT] {
            let weights: Vec<i64> = criteria
                .iter()
                .enumerate()
                .map(|(j, x)| i64::from(x.weight) + if i == j { delta } else { 0 })
                .map(|w| w.max(0))
                .collect();
            let sum: i64 = weights.iter().sum();
            if sum == 0 {
                continue;
            }
            let value = |b: &BidResult| -> f64 {
                round2(
                    b.scores
                        .iter()
                        .zip(&weights)
                        .map(|(s, w)| *w as f64 * s.score.unwrap_or(0.0))
                        .sum::<f64>()
                        / sum as f64,
                )
            };
            // The first of the current ranking among those with the best value keeps the tie-break order.
            let best = eligible.iter().map(|b| value(b)).fold(f64::MIN, f64::max);
            let new_winner = eligible
                .iter()
                .find(|b| value(b) == best)
                .map(|b| b.bidder.clone());
            out.push(Shift {
                criterion: c.id.value.clone(),
                delta,
                weight: weights[i],
                changes: new_winner.as_deref() != winner,
                winner: new_winner,
            });
        }
    }
    out
}

/// Each bidder's answers to the questionnaire, side by side: the
/// compliance matrix of the provider evaluation.
#[derive(Debug, Default, Serialize)]
pub struct Matrix {
    /// The bidders whose answers are in: in the order of the ranking, then
    /// those without a bid in the order of their answers.
    pub bidders: Vec<String>,
    /// One row per row of the questionnaire.
    pub rows: Vec<MatrixRow>,
    /// Every answer other than a plain `yes`, and every answer the
    /// evaluators noted on, with the bidder's answer and the note.
    pub remarks: Vec<Remark>,
}

#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub id: String,
    /// `question` or `requirement`.
    pub kind: &'static str,
    pub priority: Option<crate::model::requirements::Priority>,
    /// The requirement's title, or the question.
    pub title: String,
    /// Per bidder (in the order of [`Matrix::bidders`]): the compliance
    /// stated, none where the bidder left it empty or has no such row.
    pub cells: Vec<Option<Compliance>>,
}

#[derive(Debug, Serialize)]
pub struct Remark {
    pub bidder: String,
    pub id: String,
    pub compliance: Option<Compliance>,
    /// A `must` requirement.
    pub must: bool,
    /// The bidder's answer.
    pub answer: Option<String>,
    /// The evaluators' note (`evaluation.bids[].compliance_notes`).
    pub note: Option<String>,
}

/// The compliance matrix; empty when no answers are in.
pub fn matrix(m: &Model) -> Matrix {
    use crate::model::requirements::Priority;
    if m.answers.is_empty() {
        return Matrix::default();
    }
    let ranked = award(m);
    let mut bidders: Vec<String> = ranked
        .bids
        .iter()
        .map(|b| b.bidder.clone())
        .filter(|b| m.answers.iter().any(|a| a.bidder.value == *b))
        .collect();
    for a in &m.answers {
        if !bidders.contains(&a.bidder.value) {
            bidders.push(a.bidder.value.clone());
        }
    }
    let answers_of = |bidder: &str| m.answers.iter().find(|a| a.bidder.value == bidder);
    let rows: Vec<MatrixRow> = crate::derive::questionnaire(m)
        .into_iter()
        .map(|q| MatrixRow {
            cells: bidders
                .iter()
                .map(|b| {
                    answers_of(b)
                        .and_then(|a| a.rows.iter().find(|r| r.id.value == q.id))
                        .and_then(|r| r.compliance)
                })
                .collect(),
            title: q.title.or(q.text).unwrap_or_default(),
            id: q.id,
            kind: q.kind,
            priority: q.priority,
        })
        .collect();
    let mut remarks = Vec::new();
    for (i, bidder) in bidders.iter().enumerate() {
        let notes = m
            .evaluation
            .bids
            .iter()
            .find(|b| b.bidder.value == *bidder)
            .map(|b| b.compliance_notes.as_slice())
            .unwrap_or_default();
        let answers = answers_of(bidder);
        for row in &rows {
            let note = notes
                .iter()
                .find(|n| n.id.value == row.id)
                .map(|n| n.note.clone());
            let compliance = row.cells[i];
            if compliance == Some(Compliance::Yes) && note.is_none() {
                continue;
            }
            remarks.push(Remark {
                bidder: bidder.clone(),
                id: row.id.clone(),
                compliance,
                must: row.priority == Some(Priority::Must),
                answer: answers
                    .and_then(|a| a.rows.iter().find(|r| r.id.value == row.id))
                    .and_then(|r| r.answer.clone()),
                note,
            });
        }
    }
    Matrix {
        bidders,
        rows,
        remarks,
    }
}
