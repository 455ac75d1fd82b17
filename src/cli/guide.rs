//! `acces guide [SITUATION]`: the situation guide.

use super::GuideArgs;
use super::context::{Context, print_json};
use crate::error::Failure;
use crate::texts::catalogue as t;

pub fn run(ctx: &Context, args: GuideArgs) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    match args.situation {
        None => {
            if ctx.json {
                return print_json(&cat.situations());
            }
            println!("{}", t::guide_header());
            let width = cat
                .situations()
                .iter()
                .map(|s| s.id.chars().count())
                .max()
                .unwrap_or(0);
            for s in cat.situations() {
                println!("{}", t::guide_line(&s.id, &s.title, width));
            }
            Ok(())
        }
        Some(id) => {
            let Some(situation) = cat.situation(&id) else {
                return Err(Failure::invalid(t::unknown_situation(
                    &id,
                    &cat.closest_situations(&id),
                )));
            };
            if ctx.json {
                return print_json(situation);
            }
            print!(
                "{}",
                t::situation_detail(&cat, &situation.id).unwrap_or_default()
            );
            Ok(())
        }
    }
}
