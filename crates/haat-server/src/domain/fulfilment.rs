//! Delivery or pickup: whether the shop serves this pincode, which delivery slot, what delivery costs.

use std::fmt;

use haat::lang::Lang;
use haat_api::{DeliverySlot, Fulfilment, Money};

use super::pricing::FeeRules;

/// What a shop offers for getting orders to shoppers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer<'a> {
    /// Pincodes it delivers to; empty when it does not restrict by pincode.
    pub pincodes: &'a [String],
    pub pickup: bool,
    /// Slots shoppers may choose for delivery; without one, the shop delivers as soon as it can.
    pub slots: &'a [DeliverySlot],
    pub fees: FeeRules,
}

/// How this order will be fulfilled, checked against the offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub fulfilment: Fulfilment,
    pub slot: Option<DeliverySlot>,
    pub fees: FeeRules,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FulfilmentError {
    PickupUnavailable,
    /// The pincode the shop does not deliver to.
    Unserviceable(String),
    /// The slot the shop does not have.
    UnknownSlot(String),
}

impl FulfilmentError {
    /// The refusal as the shopper reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::PickupUnavailable => lang
                .t("This shop does not offer pickup; choose delivery.")
                .to_owned(),
            Self::Unserviceable(pincode) => lang.f(
                "Sorry, this shop does not deliver to pincode {pincode}.",
                &[("pincode", pincode)],
            ),
            Self::UnknownSlot(slot) => lang.f(
                "This shop has no delivery slot “{slot}”. Choose another time.",
                &[("slot", slot)],
            ),
        }
    }
}

impl fmt::Display for FulfilmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(&Lang::english()))
    }
}

impl std::error::Error for FulfilmentError {}

/// The fees that apply to a fulfilment: pickup is never charged delivery.
pub fn fees(offer: &Offer<'_>, fulfilment: Fulfilment) -> FeeRules {
    match fulfilment {
        Fulfilment::Delivery => offer.fees,
        Fulfilment::Pickup => FeeRules {
            delivery_fee: Money::ZERO,
            free_delivery_from: None,
        },
    }
}

/// Checks a requested fulfilment against the shop's offer. `pincode` is the customer's, already
/// normalised (see [`haat_api::normalise_pincode`]).
pub fn plan(
    offer: &Offer<'_>,
    fulfilment: Fulfilment,
    pincode: Option<&str>,
    slot: Option<&str>,
) -> Result<Plan, FulfilmentError> {
    let slot = match fulfilment {
        Fulfilment::Pickup if !offer.pickup => return Err(FulfilmentError::PickupUnavailable),
        Fulfilment::Pickup => None,
        Fulfilment::Delivery => {
            if let Some(pincode) = pincode
                && !offer.pincodes.is_empty()
                && !offer.pincodes.iter().any(|served| served == pincode)
            {
                return Err(FulfilmentError::Unserviceable(pincode.to_owned()));
            }
            match slot {
                // No slot chosen: as soon as the shop can.
                None => None,
                Some(id) => Some(
                    offer
                        .slots
                        .iter()
                        .find(|offered| offered.id == id)
                        .cloned()
                        .ok_or_else(|| FulfilmentError::UnknownSlot(id.to_owned()))?,
                ),
            }
        }
    };
    Ok(Plan {
        fulfilment,
        slot,
        fees: fees(offer, fulfilment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str) -> DeliverySlot {
        DeliverySlot {
            id: id.into(),
            label: id.to_uppercase(),
        }
    }

    const FEES: FeeRules = FeeRules {
        delivery_fee: Money::from_minor(2_500),
        free_delivery_from: Some(Money::from_minor(49_900)),
    };

    fn with<T>(pickup: bool, run: impl FnOnce(&Offer<'_>) -> T) -> T {
        let pincodes = ["560038".to_owned(), "560008".to_owned()];
        let slots = [slot("morning"), slot("evening")];
        run(&Offer {
            pincodes: &pincodes,
            pickup,
            slots: &slots,
            fees: FEES,
        })
    }

    #[test]
    fn delivery_needs_a_served_pincode_and_an_offered_slot() {
        with(true, |offer| {
            let planned =
                plan(offer, Fulfilment::Delivery, Some("560038"), Some("evening")).expect("served");
            assert_eq!(planned.slot, Some(slot("evening")));
            assert_eq!(planned.fees, FEES);
            assert_eq!(
                plan(offer, Fulfilment::Delivery, Some("110001"), Some("evening")),
                Err(FulfilmentError::Unserviceable("110001".into()))
            );
            let soonest = plan(offer, Fulfilment::Delivery, Some("560038"), None).expect("asap");
            assert_eq!(soonest.slot, None, "no slot chosen: as soon as possible");
            assert_eq!(
                plan(
                    offer,
                    Fulfilment::Delivery,
                    Some("560038"),
                    Some("midnight")
                ),
                Err(FulfilmentError::UnknownSlot("midnight".into()))
            );
        });
    }

    #[test]
    fn pickup_is_free_and_needs_no_slot_where_offered() {
        with(true, |offer| {
            let planned = plan(offer, Fulfilment::Pickup, None, Some("evening")).expect("pickup");
            assert_eq!(planned.slot, None);
            assert_eq!(planned.fees.delivery_fee, Money::ZERO);
        });
        with(false, |offer| {
            assert_eq!(
                plan(offer, Fulfilment::Pickup, None, None),
                Err(FulfilmentError::PickupUnavailable)
            );
        });
    }

    #[test]
    fn shops_without_lists_deliver_anywhere_as_soon_as_they_can() {
        let offer = Offer {
            pincodes: &[],
            pickup: false,
            slots: &[],
            fees: FEES,
        };
        let planned = plan(&offer, Fulfilment::Delivery, Some("110001"), None).expect("anywhere");
        assert_eq!(planned.slot, None);
    }
}
