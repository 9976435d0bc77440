//! Identifier newtypes, so a customer id cannot be passed where a user id is meant.

use crate::env::{random_array, RandomSource};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new random (version 4) id drawn from `random`.
            pub fn random(random: &dyn RandomSource) -> Self {
                $name(uuid::Builder::from_random_bytes(random_array(random)).into_uuid())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map($name).map_err(|_| {
                    crate::Error::invalid(stringify!($name), format!("'{s}' is not a UUID"))
                })
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }
    };
}

uuid_id!(
    /// A workspace's id (W1): every record of a store belongs to exactly one workspace.
    WorkspaceId
);
uuid_id!(
    /// A customer's id.
    CustomerId
);
uuid_id!(
    /// I9: a confirmed import's batch id, what `undo_import` takes.
    ImportBatchId
);
uuid_id!(
    /// A back-office user's id (C6 `managed_by`), as the embedder's user system knows it.
    UserId
);
uuid_id!(
    /// An email verification challenge's id (A3).
    ChallengeId
);
uuid_id!(
    /// An order reference's id.
    OrderId
);
uuid_id!(
    /// A pending buyer record's id (P3).
    PendingId
);
uuid_id!(
    /// A customer note's id.
    NoteId
);
uuid_id!(
    /// A customer address's id.
    AddressId
);
uuid_id!(
    /// A cart's id (CT1).
    CartId
);

impl Default for WorkspaceId {
    /// The nil id: what a settings document written before W1 reads as, until its store
    /// gives it the id it keeps the workspace under.
    fn default() -> Self {
        WorkspaceId(Uuid::nil())
    }
}

impl Default for ImportBatchId {
    /// The nil id: an `ImportResult` made by hand, before a confirm gives it its batch.
    fn default() -> Self {
        ImportBatchId(Uuid::nil())
    }
}
