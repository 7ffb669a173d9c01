//! What the targets assert about a decision.

use rust_decimal::Decimal;

/// Each remedy's supplier and buyer lines add up exactly to its totals.
pub fn assert_sums(d: &recourse::Decision) {
    let amount = |s: &str| s.parse::<Decimal>().unwrap_or_else(|_| panic!("`{s}` is not an amount"));
    for r in &d.remedies {
        let mut supplier = Decimal::ZERO;
        let mut buyer = Decimal::ZERO;
        for l in &r.lines {
            match l.payer {
                recourse::model::decision::PayerOut::Supplier => supplier += amount(&l.amount.to_string()),
                recourse::model::decision::PayerOut::Buyer => buyer += amount(&l.amount.to_string()),
            }
        }
        assert_eq!(supplier, amount(&r.supplier_total.to_string()), "{}: supplier lines", r.name);
        assert_eq!(buyer, amount(&r.buyer_pays.to_string()), "{}: buyer lines", r.name);
    }
}
