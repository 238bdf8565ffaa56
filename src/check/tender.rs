//! OS-TDR: what a published tender must say: the deadline for bids, the
//! bid validity period, the order of the stages, the forms of each stage
//! and a price formula that can be calculated.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::tender::{ContractingEntity, Deadline, DeadlineKind, PriceMethod, Stage};

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let t = &m.tender;
    let of_kind = |kind: DeadlineKind| -> Vec<&Deadline> {
        let mut found: Vec<&Deadline> = t
            .deadlines
            .iter()
            .filter(|d| !d.internal && d.kind.as_deref() == Some(&kind))
            .collect();
        found.sort_by_key(|d| d.date);
        found
    };
    let bids = of_kind(DeadlineKind::Bids);
    let validity = of_kind(DeadlineKind::Validity);
    let requests = of_kind(DeadlineKind::Requests);

    if let Some(entity) = &t.contracting_entity {
        // OS-TDR-001: a published tender says by when bids are due.
        if bids.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::OS_TDR_001,
                    "the tender has no published deadline for bids (a deadline with `kind: bids`)",
                )
                .at(entity.loc)
                .help("add the deadline for bids under `tender.deadlines` with `kind: bids`"),
            );
        }
        // OS-TDR-002: public and sector tenders state the bid validity period.
        if validity.is_empty()
            && matches!(
                entity.value,
                ContractingEntity::Public | ContractingEntity::Sector
            )
        {
            out.push(
                Diagnostic::new(
                    &rules::OS_TDR_002,
                    "the tender has no end of the bid validity period (a deadline with `kind: validity`)",
                )
                .at(entity.loc)
                .help("add a deadline with `kind: validity` after the last deadline for bids"),
            );
        }
    }

    // OS-TDR-003: the bids bind beyond the day they are due.
    if let (Some(last_bids), Some(first_validity)) = (bids.last(), validity.first())
        && first_validity.date <= last_bids.date
    {
        out.push(
            Diagnostic::new(
                &rules::OS_TDR_003,
                format!(
                    "the bid validity period ends on {} (`{}`), but bids are due on {} (`{}`)",
                    first_validity.date,
                    first_validity.id.value,
                    last_bids.date,
                    last_bids.id.value
                ),
            )
            .at(first_validity.id.loc)
            .related(last_bids.id.loc, "deadline for bids")
            .help("move the end of the validity period after the last deadline for bids, with time to evaluate and to award"),
        );
    }

    // OS-TDR-004: requests to participate come before any bid.
    if let (Some(last_requests), Some(first_bids)) = (requests.last(), bids.first())
        && last_requests.date >= first_bids.date
    {
        out.push(
            Diagnostic::new(
                &rules::OS_TDR_004,
                format!(
                    "requests to participate are due on {} (`{}`), but the first bids are due on {} (`{}`)",
                    last_requests.date,
                    last_requests.id.value,
                    first_bids.date,
                    first_bids.id.value
                ),
            )
            .at(last_requests.id.loc)
            .related(first_bids.id.loc, "first deadline for bids")
            .help("correct the dates: the candidates are invited to bid after their requests have been assessed"),
        );
    }

    // OS-TDR-005: a form of the participation stage needs one.
    if !t.has_participation_stage() {
        for d in &t.declarations {
            if let Some(stage) = &d.stage
                && stage.value == Stage::Participation
            {
                out.push(
                    Diagnostic::new(
                        &rules::OS_TDR_005,
                        format!(
                            "the form `{}` is for the participation stage, but the tender has none (no deadline with `kind: requests`); it goes into the bid pack",
                            d.id.value
                        ),
                    )
                    .at(stage.loc)
                    .help("remove `stage: participation`, or add the deadline for requests to participate with `kind: requests`"),
                );
            }
        }
    }

    // OS-TDR-006: a price formula that can be calculated.
    if let Some(formula) = &t.instructions.price_formula {
        let problem = match (formula.method.value, formula.zero_at) {
            (PriceMethod::Linear, None) => Some(
                "the linear price formula does not say which price earns the lowest points (`zero_at`)".to_string(),
            ),
            (PriceMethod::Linear, Some(z)) if z <= 100 => Some(format!(
                "the linear price formula gives the lowest points at {z} % of the lowest price, which is not above the lowest price"
            )),
            (PriceMethod::Ratio, Some(z)) => Some(format!(
                "the ratio price formula does not use `zero_at` ({z}), which would tell bidders something the formula does not do"
            )),
            _ => None,
        };
        if let Some(message) = problem {
            out.push(
                Diagnostic::new(&rules::OS_TDR_006, message)
                    .at(formula.method.loc)
                    .help("for `linear`, set `zero_at` above 100 (for example 200); for `ratio`, remove `zero_at`"),
            );
        }
    }
}
