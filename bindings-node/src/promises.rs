//! The Promise forms (`…Async`) of the workspace's methods: arguments are read on the main
//! thread as the blocking form reads them, then the store's work runs on one of the binding's
//! worker threads (`Work`, one type for every method; see `work.rs` for why not libuv's), so a
//! service's event loop never waits on a store.
//! Each rejects with the same `.code` and `.kind` as its blocking form (a bad argument rejects
//! too); a panic on the worker is `INTERNAL` (R1), never an abort.
//!
//! GENERATED from the blocking methods by `bindings-node/scripts/gen-promises.py`: edit the
//! blocking method and run the script, never this file. __test__/promises.test.mjs checks that
//! the file is current and that every blocking method that reaches the store has its form.
#![allow(unused_imports, clippy::all)]

/// The Promise forms of the methods in `workspace.rs`.
mod workspace_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `id` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "idAsync", ts_return_type = "Promise<string>")]
        pub fn id_async(&self, env: Env) -> napi::Result<Work<String>> {
            self.spawn(&env, || Ok(move |ws: &core::Workspace| -> Result<String> { Ok(ws.id()?.to_string()) }))
        }

        /// `settings` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "settingsAsync", ts_return_type = "Promise<WorkspaceSettings>")]
        pub fn settings_async(&self, env: Env) -> napi::Result<Work<WorkspaceSettings>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<WorkspaceSettings> { Ok(ws.settings()?.into()) })
            })
        }

        /// `updateSettings` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "updateSettingsAsync",
            ts_args_type = "changes: { name?: string; baseUrl?: string; currency?: string; contactsSync?: { enabled?: boolean; connected?: boolean; phoneMapped?: boolean }; strictSecurity?: boolean; trialExpired?: boolean; uniqueNames?: boolean; /** A3: the challenge policy; only the keys given change. */ verification?: { challengeTtlSecs?: number; maxChallenges?: number; windowSecs?: number; sessionTtlSecs?: number; optionsShown?: number; rounds?: number; lockoutAfterFailures?: number; lockoutSecs?: number }; /** ST1: what customers inherit; replaced whole. */ defaults?: { orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; cardPaymentsReady?: boolean }; importLimits?: { maxRows?: number; maxBytes?: number } }",
            ts_return_type = "Promise<WorkspaceSettings>"
        )]
        pub fn update_settings_async(&self, env: Env, changes: Unknown<'_>) -> napi::Result<Work<WorkspaceSettings>> {
            self.spawn(&env, || {
                // `updateSettings` may change the options and the name.
                let keys: Vec<&str> = std::iter::once("name").chain(OPTION_KEYS.iter().copied()).collect();
                let map = object_json("settings change", &object("changes", &changes)?, &keys, &[])?;
                let patch: core::SettingsPatch = crate::convert::patch_json("settings change", map)?;
                Ok(move |ws: &core::Workspace| -> Result<WorkspaceSettings> { Ok(ws.update_settings(patch)?.into()) })
            })
        }

        /// `createCustomer` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "createCustomerAsync",
            ts_args_type = "input: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] }",
            ts_return_type = "Promise<Customer>"
        )]
        pub fn create_customer_async(&self, env: Env, input: Unknown<'_>) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let map = object_json("customer", &object("input", &input)?, CUSTOMER_KEYS, &[])?;
                let arg0 = from_json("customer", map)?;
                Ok(move |ws: &core::Workspace| -> Result<Customer> { Ok(ws.create_customer(arg0)?.into()) })
            })
        }

        /// `updateCustomer` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "updateCustomerAsync",
            ts_args_type = "id: string, changes: { name?: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] }",
            ts_return_type = "Promise<Customer>"
        )]
        pub fn update_customer_async(
            &self,
            env: Env,
            id: Unknown<'_>,
            changes: Unknown<'_>,
        ) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let id = parse_id("id", &id)?;
                let map = object_json("customer change", &object("changes", &changes)?, CUSTOMER_KEYS, &[])?;
                let arg0 = crate::convert::patch_json("customer change", map)?;
                Ok(move |ws: &core::Workspace| -> Result<Customer> { Ok(ws.update_customer(id, arg0)?.into()) })
            })
        }

        /// `getCustomer` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "getCustomerAsync", ts_args_type = "id: string", ts_return_type = "Promise<Customer>")]
        pub fn get_customer_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<Customer> { Ok(ws.get_customer(arg0)?.into()) })
            })
        }

        /// `deleteCustomer` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "deleteCustomerAsync", ts_args_type = "id: string", ts_return_type = "Promise<void>")]
        pub fn delete_customer_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.delete_customer(arg0) })
            })
        }

        /// `listCustomers` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "listCustomersAsync",
            ts_args_type = "query?: { filter?: StatusFilter; search?: string; sort?: SortKey; descending?: boolean; offset?: number; limit?: number; guest?: string | null; tag?: string | null; kind?: CustomerKind | null; address?: string | null; /** W4: count matches only up to this many (`totalExact` false past it); none: an exact total. */ countLimit?: number | null }",
            ts_return_type = "Promise<CustomerPage>"
        )]
        pub fn list_customers_async(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Work<CustomerPage>> {
            self.spawn(&env, || {
                let arg0 = customer_query(query.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<CustomerPage> { Ok(ws.list_customers(&arg0)?.into()) })
            })
        }

        /// `editableFields` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "editableFieldsAsync",
            ts_args_type = "id: string",
            ts_return_type = "Promise<Array<CustomerField>>"
        )]
        pub fn editable_fields_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<Vec<CustomerField>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<CustomerField>> {
                    Ok(ws.editable_fields(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `applyContactsSync` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "applyContactsSyncAsync",
            ts_args_type = "records: Array<{ externalId: string; name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean }>",
            ts_return_type = "Promise<SyncReport>"
        )]
        pub fn apply_contacts_sync_async(&self, env: Env, records: Unknown<'_>) -> napi::Result<Work<SyncReport>> {
            self.spawn(&env, || {
                let records: Vec<core::SyncRecord> = array("records", &records)?
                    .iter()
                    .map(|r| {
                        from_json("sync record", object_json("sync record", &object("record", r)?, SYNC_KEYS, &[])?)
                    })
                    .collect::<Result<_>>()?;
                Ok(move |ws: &core::Workspace| -> Result<SyncReport> { Ok(ws.apply_contacts_sync(&records)?.into()) })
            })
        }

        /// `linkUrl` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "linkUrlAsync", ts_args_type = "id: string", ts_return_type = "Promise<string>")]
        pub fn link_url_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<String>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<String> { ws.link_url(arg0) })
            })
        }

        /// `workspaceLinkUrl` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "workspaceLinkUrlAsync", ts_return_type = "Promise<string>")]
        pub fn workspace_link_url_async(&self, env: Env) -> napi::Result<Work<String>> {
            self.spawn(&env, || Ok(move |ws: &core::Workspace| -> Result<String> { ws.workspace_link_url() }))
        }

        /// `resolveLink` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "resolveLinkAsync",
            ts_args_type = "codeOrUrl: string",
            ts_return_type = "Promise<LinkTarget>"
        )]
        pub fn resolve_link_async(&self, env: Env, code_or_url: Unknown<'_>) -> napi::Result<Work<LinkTarget>> {
            self.spawn(&env, || {
                let arg0 = text("codeOrUrl", &code_or_url)?;
                Ok(move |ws: &core::Workspace| -> Result<LinkTarget> { Ok(ws.resolve_link(&arg0)?.into()) })
            })
        }

        /// `openLink` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "openLinkAsync",
            ts_args_type = "codeOrUrl: string, sessionToken?: string | null",
            ts_return_type = "Promise<LinkDecision>"
        )]
        pub fn open_link_async(
            &self,
            env: Env,
            code_or_url: Unknown<'_>,
            session_token: Option<Unknown<'_>>,
        ) -> napi::Result<Work<LinkDecision>> {
            self.spawn(&env, || {
                let link = text("codeOrUrl", &code_or_url)?;
                let token = opt_text("sessionToken", session_token.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<LinkDecision> {
                    Ok(ws.open_link(&link, token.as_deref())?.into())
                })
            })
        }

        /// `startVerification` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "startVerificationAsync",
            ts_args_type = "codeOrUrl: string",
            ts_return_type = "Promise<ChallengeStart>"
        )]
        pub fn start_verification_async(
            &self,
            env: Env,
            code_or_url: Unknown<'_>,
        ) -> napi::Result<Work<ChallengeStart>> {
            self.spawn(&env, || {
                let arg0 = text("codeOrUrl", &code_or_url)?;
                Ok(move |ws: &core::Workspace| -> Result<ChallengeStart> { Ok(ws.start_verification(&arg0)?.into()) })
            })
        }

        /// `completeVerification` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "completeVerificationAsync",
            ts_args_type = "challengeId: string, picked: string | string[]",
            ts_return_type = "Promise<VerifiedSession>"
        )]
        pub fn complete_verification_async(
            &self,
            env: Env,
            challenge_id: Unknown<'_>,
            picked: Unknown<'_>,
        ) -> napi::Result<Work<VerifiedSession>> {
            self.spawn(&env, || {
                let challenge: core::ChallengeId = parse_id("challengeId", &challenge_id)?;
                let picks = if picked.is_array().unwrap_or(false) {
                    texts("picked", &picked)?
                } else {
                    vec![text("picked", &picked)?]
                };
                Ok(move |ws: &core::Workspace| -> Result<VerifiedSession> {
                    Ok(ws.complete_verification_rounds(challenge, &strs(&picks))?.into())
                })
            })
        }

        /// `verificationLock` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "verificationLockAsync",
            ts_args_type = "id: string",
            ts_return_type = "Promise<VerificationLock>"
        )]
        pub fn verification_lock_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<VerificationLock>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<VerificationLock> { Ok(ws.verification_lock(arg0)?.into()) })
            })
        }

        /// `liftVerificationLock` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "liftVerificationLockAsync",
            ts_args_type = "id: string, audit?: { by?: string | null }",
            ts_return_type = "Promise<VerificationLockEvent | null>"
        )]
        pub fn lift_verification_lock_async(
            &self,
            env: Env,
            id: Unknown<'_>,
            audit: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Option<VerificationLockEvent>>> {
            self.spawn(&env, || {
                let id = parse_id("id", &id)?;
                let audit: Audit = match opt_object("audit", audit.as_ref())? {
                    Some(a) => from_json("lift audit", object_json("lift audit", &a, &["by"], &[])?)?,
                    None => Audit { by: None, reason: None },
                };
                Ok(move |ws: &core::Workspace| -> Result<Option<VerificationLockEvent>> {
                    Ok(ws.lift_verification_lock(id, audit.by.as_deref())?.map(Into::into))
                })
            })
        }

        /// `verificationLockEvents` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "verificationLockEventsAsync",
            ts_args_type = "id: string",
            ts_return_type = "Promise<Array<VerificationLockEvent>>"
        )]
        pub fn verification_lock_events_async(
            &self,
            env: Env,
            id: Unknown<'_>,
        ) -> napi::Result<Work<Vec<VerificationLockEvent>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<VerificationLockEvent>> {
                    Ok(ws.verification_lock_events(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `rotateLink` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "rotateLinkAsync",
            ts_args_type = "id: string, audit?: { by?: string | null; reason?: string | null }",
            ts_return_type = "Promise<Customer>"
        )]
        pub fn rotate_link_async(
            &self,
            env: Env,
            id: Unknown<'_>,
            audit: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let id = parse_id("id", &id)?;
                let audit: Audit = match opt_object("audit", audit.as_ref())? {
                    Some(a) => from_json("rotation audit", object_json("rotation audit", &a, &["by", "reason"], &[])?)?,
                    None => Audit { by: None, reason: None },
                };
                Ok(move |ws: &core::Workspace| -> Result<Customer> {
                    Ok(ws.rotate_link(id, audit.by.as_deref(), audit.reason.as_deref())?.into())
                })
            })
        }

        /// `linkRotations` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "linkRotationsAsync",
            ts_args_type = "id: string",
            ts_return_type = "Promise<Array<LinkRotation>>"
        )]
        pub fn link_rotations_async(&self, env: Env, id: Unknown<'_>) -> napi::Result<Work<Vec<LinkRotation>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("id", &id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<LinkRotation>> {
                    Ok(ws.link_rotations(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }
    }
}

/// The Promise forms of the methods in `details.rs`.
mod details_forms {
    use crate::convert::*;
    use crate::details::*;
    use crate::error::{invalid, napi, Result};
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `addTag` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "addTagAsync",
            ts_args_type = "customerId: string, tag: string",
            ts_return_type = "Promise<Customer>"
        )]
        pub fn add_tag_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            tag: Unknown<'_>,
        ) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                let arg1 = text("tag", &tag)?;
                Ok(move |ws: &core::Workspace| -> Result<Customer> { Ok(ws.add_tag(arg0, &arg1)?.into()) })
            })
        }

        /// `removeTag` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "removeTagAsync",
            ts_args_type = "customerId: string, tag: string",
            ts_return_type = "Promise<Customer>"
        )]
        pub fn remove_tag_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            tag: Unknown<'_>,
        ) -> napi::Result<Work<Customer>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                let arg1 = text("tag", &tag)?;
                Ok(move |ws: &core::Workspace| -> Result<Customer> { Ok(ws.remove_tag(arg0, &arg1)?.into()) })
            })
        }

        /// `addNote` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "addNoteAsync",
            ts_args_type = "customerId: string, author: string, text: string",
            ts_return_type = "Promise<Note>"
        )]
        pub fn add_note_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            author: Unknown<'_>,
            text_: Unknown<'_>,
        ) -> napi::Result<Work<Note>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let arg0 = text("author", &author)?;
                let arg1 = text("text", &text_)?;
                Ok(move |ws: &core::Workspace| -> Result<Note> { Ok(ws.add_note(id, &arg0, &arg1)?.into()) })
            })
        }

        /// `editNote` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "editNoteAsync",
            ts_args_type = "noteId: string, text: string",
            ts_return_type = "Promise<Note>"
        )]
        pub fn edit_note_async(&self, env: Env, note_id: Unknown<'_>, text_: Unknown<'_>) -> napi::Result<Work<Note>> {
            self.spawn(&env, || {
                let arg0 = parse_id("noteId", &note_id)?;
                let arg1 = text("text", &text_)?;
                Ok(move |ws: &core::Workspace| -> Result<Note> { Ok(ws.edit_note(arg0, &arg1)?.into()) })
            })
        }

        /// `notes` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "notesAsync", ts_args_type = "customerId: string", ts_return_type = "Promise<Array<Note>>")]
        pub fn notes_async(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Work<Vec<Note>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Note>> {
                    Ok(ws.notes(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `addAddress` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "addAddressAsync",
            ts_args_type = "customerId: string, address: { line1: string; label?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null; defaultBilling?: boolean; defaultShipping?: boolean }",
            ts_return_type = "Promise<Address>"
        )]
        pub fn add_address_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            address: Unknown<'_>,
        ) -> napi::Result<Work<Address>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let map = object_json("address", &object("address", &address)?, ADDRESS_KEYS, &[])?;
                let arg0 = from_json("address", map)?;
                Ok(move |ws: &core::Workspace| -> Result<Address> { Ok(ws.add_address(id, arg0)?.into()) })
            })
        }

        /// `updateAddress` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "updateAddressAsync",
            ts_args_type = "customerId: string, addressId: string, changes: { line1?: string; label?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null }",
            ts_return_type = "Promise<Address>"
        )]
        pub fn update_address_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            address_id: Unknown<'_>,
            changes: Unknown<'_>,
        ) -> napi::Result<Work<Address>> {
            self.spawn(&env, || {
                let (customer, address) = address_ids(&customer_id, &address_id)?;
                let map = object_json("address change", &object("changes", &changes)?, ADDRESS_CHANGE_KEYS, &[])?;
                let arg0 = crate::convert::patch_json("address change", map)?;
                Ok(move |ws: &core::Workspace| -> Result<Address> {
                    Ok(ws.update_address(customer, address, arg0)?.into())
                })
            })
        }

        /// `removeAddress` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "removeAddressAsync",
            ts_args_type = "customerId: string, addressId: string",
            ts_return_type = "Promise<void>"
        )]
        pub fn remove_address_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            address_id: Unknown<'_>,
        ) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let (customer, address) = address_ids(&customer_id, &address_id)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.remove_address(customer, address) })
            })
        }

        /// `setDefaultAddress` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "setDefaultAddressAsync",
            ts_args_type = "customerId: string, addressId: string, kind: AddressKind",
            ts_return_type = "Promise<Address>"
        )]
        pub fn set_default_address_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            address_id: Unknown<'_>,
            kind: Unknown<'_>,
        ) -> napi::Result<Work<Address>> {
            self.spawn(&env, || {
                let (customer, address) = address_ids(&customer_id, &address_id)?;
                let kind: core::AddressKind = serde_json::from_value(serde_json::Value::String(text("kind", &kind)?))
                    .map_err(|_| invalid("kind", "expected 'billing' or 'shipping'"))?;
                Ok(move |ws: &core::Workspace| -> Result<Address> {
                    Ok(ws.set_default_address(customer, address, kind)?.into())
                })
            })
        }

        /// `addresses` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "addressesAsync",
            ts_args_type = "customerId: string",
            ts_return_type = "Promise<Array<Address>>"
        )]
        pub fn addresses_async(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Work<Vec<Address>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Address>> {
                    Ok(ws.addresses(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }
    }
}

/// The Promise forms of the methods in `history.rs`.
mod history_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::history::*;
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `orderHistory` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "orderHistoryAsync",
            ts_args_type = "customerId: string, options?: { page?: number }",
            ts_return_type = "Promise<OrderHistory>"
        )]
        pub fn order_history_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            options: Option<Unknown<'_>>,
        ) -> napi::Result<Work<OrderHistory>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let page = match opt_object("options", options.as_ref())? {
                    Some(o) => {
                        object_json("history options", &o, &["page"], &[])?;
                        match prop("page", &o)? {
                            Some(p) => whole_page(number("page", &p)?)?,
                            None => 1,
                        }
                    }
                    None => 1,
                };
                Ok(move |ws: &core::Workspace| -> Result<OrderHistory> { Ok(ws.order_history(id, page)?.into()) })
            })
        }
    }
}

/// The Promise forms of the methods in `messages.rs`.
mod messages_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::messages::*;
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `messageTemplates` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "messageTemplatesAsync", ts_return_type = "Promise<Array<MessageTemplate>>")]
        pub fn message_templates_async(&self, env: Env) -> napi::Result<Work<Vec<MessageTemplate>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<MessageTemplate>> {
                    Ok(ws.message_templates()?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `setMessageTemplate` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "setMessageTemplateAsync",
            ts_args_type = "name: string, subject: string, body: string",
            ts_return_type = "Promise<MessageTemplate>"
        )]
        pub fn set_message_template_async(
            &self,
            env: Env,
            name: Unknown<'_>,
            subject: Unknown<'_>,
            body: Unknown<'_>,
        ) -> napi::Result<Work<MessageTemplate>> {
            self.spawn(&env, || {
                let (name, subject, body) = (text("name", &name)?, text("subject", &subject)?, text("body", &body)?);
                Ok(move |ws: &core::Workspace| -> Result<MessageTemplate> {
                    Ok(ws.set_message_template(&name, &subject, &body)?.into())
                })
            })
        }

        /// `removeMessageTemplate` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "removeMessageTemplateAsync", ts_args_type = "name: string", ts_return_type = "Promise<void>")]
        pub fn remove_message_template_async(&self, env: Env, name: Unknown<'_>) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let arg0 = text("name", &name)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.remove_message_template(&arg0) })
            })
        }

        /// `renderMessage` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "renderMessageAsync",
            ts_args_type = "customerId: string, options?: { template?: string; subject?: string; body?: string }",
            ts_return_type = "Promise<Message>"
        )]
        pub fn render_message_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Message>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let spec: core::MessageSpec = from_json("message", options("message", options_.as_ref(), SPEC_KEYS)?)?;
                Ok(move |ws: &core::Workspace| -> Result<Message> { Ok(ws.render_message(id, &spec)?.into()) })
            })
        }

        /// `recordDelivery` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "recordDeliveryAsync",
            ts_args_type = "message: Message",
            ts_return_type = "Promise<Delivery>"
        )]
        pub fn record_delivery_async(&self, env: Env, message: Unknown<'_>) -> napi::Result<Work<Delivery>> {
            self.spawn(&env, || {
                let map = object_json("message", &object("message", &message)?, MESSAGE_KEYS, &[])?;
                let message: core::Message = from_json("message", map)?;
                Ok(move |ws: &core::Workspace| -> Result<Delivery> { Ok(ws.record_delivery(&message)?.into()) })
            })
        }

        /// `planBulkSend` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "planBulkSendAsync",
            ts_args_type = "customerIds: string[], options?: { filter?: StatusFilter; template?: string; subject?: string; body?: string }",
            ts_return_type = "Promise<BulkSendPlan>"
        )]
        pub fn plan_bulk_send_async(
            &self,
            env: Env,
            customer_ids: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<BulkSendPlan>> {
            self.spawn(&env, || {
                let ids = ids("customerIds", &customer_ids)?;
                let mut map = options("bulk send", options_.as_ref(), BULK_KEYS)?;
                let filter = match map.remove("filter") {
                    Some(f) => serde_json::from_value(f).map_err(|e| invalid("filter", e))?,
                    None => core::StatusFilter::Active,
                };
                let spec: core::MessageSpec = from_json("bulk send", map)?;
                Ok(move |ws: &core::Workspace| -> Result<BulkSendPlan> {
                    Ok(ws.plan_bulk_send(&ids, filter, &spec)?.into())
                })
            })
        }

        /// `lastSent` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "lastSentAsync",
            ts_args_type = "customerIds: string[]",
            ts_return_type = "Promise<Record<string, Delivery>>"
        )]
        pub fn last_sent_async(
            &self,
            env: Env,
            customer_ids: Unknown<'_>,
        ) -> napi::Result<Work<HashMap<String, Delivery>>> {
            self.spawn(&env, || {
                let arg0 = ids("customerIds", &customer_ids)?;
                Ok(move |ws: &core::Workspace| -> Result<HashMap<String, Delivery>> {
                    let found = ws.last_sent(&arg0)?;
                    Ok(found.into_iter().map(|d| (d.customer_id.to_string(), d.into())).collect())
                })
            })
        }

        /// `deliveries` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "deliveriesAsync",
            ts_args_type = "customerId: string",
            ts_return_type = "Promise<Array<Delivery>>"
        )]
        pub fn deliveries_async(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Work<Vec<Delivery>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Delivery>> {
                    Ok(ws.deliveries(arg0)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `recordActivity` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "recordActivityAsync",
            ts_args_type = "customerId: string, kind: ActivityKind",
            ts_return_type = "Promise<ActivityEvent>"
        )]
        pub fn record_activity_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            kind: Unknown<'_>,
        ) -> napi::Result<Work<ActivityEvent>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let kind = core::ActivityKind::parse(&text("kind", &kind)?)?;
                Ok(move |ws: &core::Workspace| -> Result<ActivityEvent> { Ok(ws.record_activity(id, kind)?.into()) })
            })
        }

        /// `activitySummary` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "activitySummaryAsync",
            ts_args_type = "query: { start: Date; end: Date; filter?: StatusFilter; search?: string | null; guest?: string | null }",
            ts_return_type = "Promise<ActivitySummary>"
        )]
        pub fn activity_summary_async(&self, env: Env, query: Unknown<'_>) -> napi::Result<Work<ActivitySummary>> {
            self.spawn(&env, || {
                let obj = object("activity query", &query)?;
                let mut map = object_json("activity query", &obj, SUMMARY_KEYS, &["start", "end"])?;
                for key in ["start", "end"] {
                    let at = prop(key, &obj)?.ok_or_else(|| invalid(key, "a Date is required"))?;
                    map.insert(key.into(), Value::String(date(key, &at)?.to_rfc3339()));
                }
                guest_to_viewer(&mut map)?;
                let query: core::ActivityQuery = from_json("activity query", map)?;
                Ok(move |ws: &core::Workspace| -> Result<ActivitySummary> { Ok(ws.activity_summary(&query)?.into()) })
            })
        }
    }
}

/// The Promise forms of the methods in `pending.rs`.
mod pending_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::pending::*;
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `intakeOrder` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "intakeOrderAsync",
            ts_args_type = "link: string, order: { number: string; total: string | number; placedAt?: Date; status?: OrderStatus; lines?: Array<{ sku: string; qty: string | number; uom?: string | null; unitPrice?: string | number | null }> }, buyer?: { businessName: string; email: string; phone?: string | null } | null",
            ts_return_type = "Promise<IntakeOutcome>"
        )]
        pub fn intake_order_async(
            &self,
            env: Env,
            link: Unknown<'_>,
            order: Unknown<'_>,
            buyer: Option<Unknown<'_>>,
        ) -> napi::Result<Work<IntakeOutcome>> {
            self.spawn(&env, || {
                let link = text("link", &link)?;
                let order: core::NewOrder =
                    from_json("order", object_json("order", &object("order", &order)?, ORDER_KEYS, &[])?)?;
                let buyer: Option<core::Buyer> = match opt_object("buyer", buyer.as_ref())? {
                    Some(b) => Some(from_json("buyer", object_json("buyer", &b, BUYER_KEYS, &[])?)?),
                    None => None,
                };
                Ok(move |ws: &core::Workspace| -> Result<IntakeOutcome> {
                    Ok(ws.intake_order(&link, buyer.as_ref(), order)?.into())
                })
            })
        }

        /// `pendingBuyers` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "pendingBuyersAsync",
            ts_args_type = "includeClosed?: boolean",
            ts_return_type = "Promise<Array<PendingBuyer>>"
        )]
        pub fn pending_buyers_async(
            &self,
            env: Env,
            include_closed: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Vec<PendingBuyer>>> {
            self.spawn(&env, || {
                let all = opt_bool("includeClosed", include_closed.as_ref())?.unwrap_or(false);
                Ok(move |ws: &core::Workspace| -> Result<Vec<PendingBuyer>> {
                    Ok(ws.pending_buyers(all)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `getPending` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "getPendingAsync",
            ts_args_type = "pendingId: string",
            ts_return_type = "Promise<PendingBuyer>"
        )]
        pub fn get_pending_async(&self, env: Env, pending_id: Unknown<'_>) -> napi::Result<Work<PendingBuyer>> {
            self.spawn(&env, || {
                let arg0 = parse_id("pendingId", &pending_id)?;
                Ok(move |ws: &core::Workspace| -> Result<PendingBuyer> { Ok(ws.get_pending(arg0)?.into()) })
            })
        }

        /// `mapPending` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "mapPendingAsync",
            ts_args_type = "pendingId: string, customerId: string, actor?: string | null",
            ts_return_type = "Promise<AuditEntry>"
        )]
        pub fn map_pending_async(
            &self,
            env: Env,
            pending_id: Unknown<'_>,
            customer_id: Unknown<'_>,
            actor: Option<Unknown<'_>>,
        ) -> napi::Result<Work<AuditEntry>> {
            self.spawn(&env, || {
                let pending = parse_id("pendingId", &pending_id)?;
                let customer = parse_id("customerId", &customer_id)?;
                let actor = opt_text("actor", actor.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<AuditEntry> {
                    Ok(ws.map_pending(pending, customer, actor.as_deref())?.into())
                })
            })
        }

        /// `createAndMap` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "createAndMapAsync",
            ts_args_type = "pendingId: string, customer?: { name: string; code?: string | null; email?: string | null; phone?: string | null; contact?: string | null; active?: boolean; orderWebBlocked?: boolean; priceGroup?: string | null; orderTemplate?: OrderTemplate | null; checkoutMode?: CheckoutMode | null; freight?: { kind: FreightKind; amount?: string | number; threshold?: string | number } | null; managedBy?: string | null; tags?: string[] } | null, actor?: string | null",
            ts_return_type = "Promise<AuditEntry>"
        )]
        pub fn create_and_map_async(
            &self,
            env: Env,
            pending_id: Unknown<'_>,
            customer: Option<Unknown<'_>>,
            actor: Option<Unknown<'_>>,
        ) -> napi::Result<Work<AuditEntry>> {
            self.spawn(&env, || {
                let pending = parse_id("pendingId", &pending_id)?;
                let input: Option<core::NewCustomer> = match opt_object("customer", customer.as_ref())? {
                    Some(c) => Some(from_json("customer", object_json("customer", &c, CUSTOMER_KEYS, &[])?)?),
                    None => None,
                };
                let actor = opt_text("actor", actor.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<AuditEntry> {
                    Ok(ws.create_and_map(pending, input, actor.as_deref())?.into())
                })
            })
        }

        /// `ignorePending` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "ignorePendingAsync",
            ts_args_type = "pendingId: string, actor?: string | null",
            ts_return_type = "Promise<AuditEntry>"
        )]
        pub fn ignore_pending_async(
            &self,
            env: Env,
            pending_id: Unknown<'_>,
            actor: Option<Unknown<'_>>,
        ) -> napi::Result<Work<AuditEntry>> {
            self.spawn(&env, || {
                let pending = parse_id("pendingId", &pending_id)?;
                let actor = opt_text("actor", actor.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<AuditEntry> {
                    Ok(ws.ignore_pending(pending, actor.as_deref())?.into())
                })
            })
        }

        /// `remap` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "remapAsync",
            ts_args_type = "businessName: string, email: string, customerId: string, actor?: string | null",
            ts_return_type = "Promise<AuditEntry>"
        )]
        pub fn remap_async(
            &self,
            env: Env,
            business_name: Unknown<'_>,
            email: Unknown<'_>,
            customer_id: Unknown<'_>,
            actor: Option<Unknown<'_>>,
        ) -> napi::Result<Work<AuditEntry>> {
            self.spawn(&env, || {
                let name = text("businessName", &business_name)?;
                let email = text("email", &email)?;
                let customer = parse_id("customerId", &customer_id)?;
                let actor = opt_text("actor", actor.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<AuditEntry> {
                    Ok(ws.remap(&name, &email, customer, actor.as_deref())?.into())
                })
            })
        }

        /// `mappings` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "mappingsAsync", ts_return_type = "Promise<Array<Mapping>>")]
        pub fn mappings_async(&self, env: Env) -> napi::Result<Work<Vec<Mapping>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<Mapping>> {
                    Ok(ws.mappings()?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `auditTrail` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "auditTrailAsync", ts_return_type = "Promise<Array<AuditEntry>>")]
        pub fn audit_trail_async(&self, env: Env) -> napi::Result<Work<Vec<AuditEntry>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<AuditEntry>> {
                    Ok(ws.audit_trail()?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `suggestCustomers` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "suggestCustomersAsync",
            ts_args_type = "pendingId: string",
            ts_return_type = "Promise<Array<Suggestion>>"
        )]
        pub fn suggest_customers_async(
            &self,
            env: Env,
            pending_id: Unknown<'_>,
        ) -> napi::Result<Work<Vec<Suggestion>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("pendingId", &pending_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Suggestion>> {
                    let found = ws.suggest_customers(arg0)?;
                    Ok(found.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `getOrder` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "getOrderAsync", ts_args_type = "orderId: string", ts_return_type = "Promise<Order>")]
        pub fn get_order_async(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Work<Order>> {
            self.spawn(&env, || {
                let arg0 = parse_id("orderId", &order_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Order> { Ok(ws.get_order(arg0)?.into()) })
            })
        }

        /// `customerOrders` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "customerOrdersAsync",
            ts_args_type = "customerId: string",
            ts_return_type = "Promise<Array<Order>>"
        )]
        pub fn customer_orders_async(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Work<Vec<Order>>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Order>> {
                    let orders = ws.customer_orders(arg0)?;
                    Ok(orders.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `invoiceOrder` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "invoiceOrderAsync", ts_args_type = "orderId: string", ts_return_type = "Promise<Order>")]
        pub fn invoice_order_async(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Work<Order>> {
            self.spawn(&env, || {
                let arg0 = parse_id("orderId", &order_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Order> { Ok(ws.invoice_order(arg0)?.into()) })
            })
        }

        /// `orderForSync` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "orderForSyncAsync", ts_args_type = "orderId: string", ts_return_type = "Promise<Order>")]
        pub fn order_for_sync_async(&self, env: Env, order_id: Unknown<'_>) -> napi::Result<Work<Order>> {
            self.spawn(&env, || {
                let arg0 = parse_id("orderId", &order_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Order> { Ok(ws.order_for_sync(arg0)?.into()) })
            })
        }
    }
}

/// The Promise forms of the methods in `pricing.rs`.
mod pricing_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::pricing::*;
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `upsertProducts` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "upsertProductsAsync",
            ts_args_type = "products: Array<{ sku: string; name: string; uom?: string; basePrice?: string | number | null; active?: boolean; inStock?: boolean; allowZeroPrice?: boolean }>",
            ts_return_type = "Promise<void>"
        )]
        pub fn upsert_products_async(&self, env: Env, products: Unknown<'_>) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let products: Vec<core::Product> = array("products", &products)?
                    .iter()
                    .map(|p| from_json("product", object_json("product", &object("product", p)?, PRODUCT_KEYS, &[])?))
                    .collect::<Result<_>>()?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.upsert_products(products) })
            })
        }

        /// `products` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "productsAsync", ts_return_type = "Promise<Array<Product>>")]
        pub fn products_async(&self, env: Env) -> napi::Result<Work<Vec<Product>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<Product>> {
                    Ok(ws.price_book()?.products().iter().map(Product::from).collect())
                })
            })
        }

        /// `setDefaultPrices` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "setDefaultPricesAsync",
            ts_args_type = "entries: Record<string, string | number | null | Array<PriceBreakInput> | { breaks: Array<PriceBreakInput>; startsAt?: Date | null; endsAt?: Date | null }>",
            ts_return_type = "Promise<void>"
        )]
        pub fn set_default_prices_async(&self, env: Env, entries: Unknown<'_>) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let arg0 = price_entries("entries", &entries)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.set_default_prices(&arg0) })
            })
        }

        /// `upsertPriceGroup` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "upsertPriceGroupAsync",
            ts_args_type = "name: string, active?: boolean",
            ts_return_type = "Promise<void>"
        )]
        pub fn upsert_price_group_async(
            &self,
            env: Env,
            name: Unknown<'_>,
            active: Option<Unknown<'_>>,
        ) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let name = text("name", &name)?;
                let active = opt_bool("active", active.as_ref())?.unwrap_or(true);
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.upsert_price_group(&name, active) })
            })
        }

        /// `removePriceGroup` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "removePriceGroupAsync", ts_args_type = "name: string", ts_return_type = "Promise<void>")]
        pub fn remove_price_group_async(&self, env: Env, name: Unknown<'_>) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let arg0 = text("name", &name)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.remove_price_group(&arg0) })
            })
        }

        /// `priceGroups` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "priceGroupsAsync", ts_return_type = "Promise<Array<PriceGroup>>")]
        pub fn price_groups_async(&self, env: Env) -> napi::Result<Work<Vec<PriceGroup>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<PriceGroup>> {
                    Ok(ws.price_groups()?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `setGroupPrices` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "setGroupPricesAsync",
            ts_args_type = "group: string, entries: Record<string, string | number | null | Array<PriceBreakInput> | { breaks: Array<PriceBreakInput>; startsAt?: Date | null; endsAt?: Date | null }>",
            ts_return_type = "Promise<void>"
        )]
        pub fn set_group_prices_async(
            &self,
            env: Env,
            group: Unknown<'_>,
            entries: Unknown<'_>,
        ) -> napi::Result<Work<()>> {
            self.spawn(&env, || {
                let group = text("group", &group)?;
                let arg0 = price_entries("entries", &entries)?;
                Ok(move |ws: &core::Workspace| -> Result<()> { ws.set_group_prices(&group, &arg0) })
            })
        }

        /// `applyPriceMacro` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "applyPriceMacroAsync",
            ts_args_type = "group: string, macro: string, skus?: string[] | null",
            ts_return_type = "Promise<MacroReport>"
        )]
        pub fn apply_price_macro_async(
            &self,
            env: Env,
            group: Unknown<'_>,
            macro_text: Unknown<'_>,
            skus: Option<Unknown<'_>>,
        ) -> napi::Result<Work<MacroReport>> {
            self.spawn(&env, || {
                let group = text("group", &group)?;
                let m = text("macro", &macro_text)?;
                let skus = opt_skus(skus.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<MacroReport> {
                    Ok(ws.apply_price_macro(&group, &m, skus.as_deref())?.into())
                })
            })
        }

        /// `resolvePrice` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "resolvePriceAsync",
            ts_args_type = "customerId: string | null, sku: string, options?: PriceOptions | null",
            ts_return_type = "Promise<ResolvedPrice>"
        )]
        pub fn resolve_price_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            sku: Unknown<'_>,
            options: Option<Unknown<'_>>,
        ) -> napi::Result<Work<ResolvedPrice>> {
            self.spawn(&env, || {
                let whose = price_for(&customer_id)?;
                let query = price_query(options.as_ref())?;
                let arg0 = text("sku", &sku)?;
                Ok(move |ws: &core::Workspace| -> Result<ResolvedPrice> {
                    Ok(ws.resolve_price_for(whose, &arg0, &query)?.into())
                })
            })
        }

        /// `priceBreaks` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "priceBreaksAsync",
            ts_args_type = "customerId: string | null, skus?: string[] | null, options?: { at?: Date | null } | null",
            ts_return_type = "Promise<BuyerBreaks>"
        )]
        pub fn price_breaks_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            skus: Option<Unknown<'_>>,
            options: Option<Unknown<'_>>,
        ) -> napi::Result<Work<BuyerBreaks>> {
            self.spawn(&env, || {
                let whose = price_for(&customer_id)?;
                let skus = opt_skus(skus.as_ref())?;
                let query = price_query(options.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<BuyerBreaks> {
                    let sheet = ws.resolve_prices_for(whose, skus.as_deref(), &query)?;
                    Ok(buyer_breaks(&sheet))
                })
            })
        }

        /// `priceEntry` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "priceEntryAsync",
            ts_args_type = "sku: string, group?: string | null",
            ts_return_type = "Promise<Array<PriceBreak>>"
        )]
        pub fn price_entry_async(
            &self,
            env: Env,
            sku: Unknown<'_>,
            group: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Vec<PriceBreak>>> {
            self.spawn(&env, || {
                let group = opt_text("group", group.as_ref())?;
                let arg0 = text("sku", &sku)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<PriceBreak>> {
                    Ok(ws.price_entry(&arg0, group.as_deref())?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `explainPrice` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "explainPriceAsync",
            ts_args_type = "customerId: string | null, sku: string, options?: PriceOptions | null",
            ts_return_type = "Promise<PriceExplanation>"
        )]
        pub fn explain_price_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            sku: Unknown<'_>,
            options: Option<Unknown<'_>>,
        ) -> napi::Result<Work<PriceExplanation>> {
            self.spawn(&env, || {
                let whose = price_for(&customer_id)?;
                let query = price_query(options.as_ref())?;
                let arg0 = text("sku", &sku)?;
                Ok(move |ws: &core::Workspace| -> Result<PriceExplanation> {
                    Ok(ws.explain_price_for(whose, &arg0, &query)?.into())
                })
            })
        }

        /// `effectiveSettings` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "effectiveSettingsAsync",
            ts_args_type = "customerId: string",
            ts_return_type = "Promise<EffectiveSettings>"
        )]
        pub fn effective_settings_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
        ) -> napi::Result<Work<EffectiveSettings>> {
            self.spawn(&env, || {
                let arg0 = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<EffectiveSettings> { Ok(ws.effective_settings(arg0)?.into()) })
            })
        }
    }
}

/// The Promise forms of the methods in `import.rs`.
mod import_forms {
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::import::*;
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `confirmImport` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "confirmImportAsync",
            ts_args_type = "preview: ImportPreview",
            ts_return_type = "Promise<ImportResult>"
        )]
        pub fn confirm_import_async(&self, env: Env, preview: Unknown<'_>) -> napi::Result<Work<ImportResult>> {
            self.spawn(&env, || {
                // Read here, not by napi, so a wrong value is INVALID_ARGUMENT rather than napi's InvalidArg.
                let preview = ClassInstance::<ImportPreview>::from_unknown(preview)
                    .map_err(|_| invalid("preview", "expected an ImportPreview from previewImport"))?;
                let arg0 = preview.inner.clone();
                Ok(move |ws: &core::Workspace| -> Result<ImportResult> {
                    let r = ws.confirm_import(&arg0)?;
                    let ids = |v: &[orderlink::CustomerId]| v.iter().map(|c| c.to_string()).collect();
                    Ok(ImportResult {
                        batch_id: r.batch_id.to_string(),
                        created: ids(&r.created),
                        updated: ids(&r.updated),
                        unchanged: ids(&r.unchanged),
                        error_rows: r.error_rows,
                        blank_rows: count(r.blank_rows),
                        rows_read: count(r.rows_read),
                    })
                })
            })
        }

        /// `exportCustomers` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "exportCustomersAsync",
            ts_args_type = "query?: { filter?: StatusFilter; search?: string; sort?: SortKey; descending?: boolean; offset?: number; limit?: number; guest?: string | null; tag?: string | null; kind?: CustomerKind | null; address?: string | null }",
            ts_return_type = "Promise<Uint8Array>"
        )]
        pub fn export_customers_async(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Work<Buffer>> {
            self.spawn(&env, || {
                let query = crate::workspace::customer_query(query.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<Buffer> { Ok(Buffer::from(ws.export_customers(&query)?)) })
            })
        }

        /// `saveMapping` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "saveMappingAsync",
            ts_args_type = "name: string, mapping: Record<string, string | null>",
            ts_return_type = "Promise<SavedMapping>"
        )]
        pub fn save_mapping_async(
            &self,
            env: Env,
            name: Unknown<'_>,
            mapping: Unknown<'_>,
        ) -> napi::Result<Work<SavedMapping>> {
            self.spawn(&env, || {
                let name = text("name", &name)?;
                let mapping = column_mapping(serde_json::Value::from_unknown(mapping).map_err(napi("mapping"))?)?;
                Ok(move |ws: &core::Workspace| -> Result<SavedMapping> {
                    let saved = ws.save_mapping(&name, &mapping)?;
                    Ok(saved_mapping(&saved))
                })
            })
        }

        /// `importMappings` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "importMappingsAsync", ts_return_type = "Promise<Array<SavedMapping>>")]
        pub fn import_mappings_async(&self, env: Env) -> napi::Result<Work<Vec<SavedMapping>>> {
            self.spawn(&env, || {
                Ok(move |ws: &core::Workspace| -> Result<Vec<SavedMapping>> {
                    Ok(ws.import_mappings()?.iter().map(saved_mapping).collect())
                })
            })
        }

        /// `deleteImportMapping` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "deleteImportMappingAsync",
            ts_args_type = "name: string",
            ts_return_type = "Promise<boolean>"
        )]
        pub fn delete_import_mapping_async(&self, env: Env, name: Unknown<'_>) -> napi::Result<Work<bool>> {
            self.spawn(&env, || {
                let name = text("name", &name)?;
                Ok(move |ws: &core::Workspace| -> Result<bool> { ws.delete_import_mapping(&name) })
            })
        }

        /// `undoImport` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "undoImportAsync", ts_args_type = "batchId: string", ts_return_type = "Promise<UndoReport>")]
        pub fn undo_import_async(&self, env: Env, batch_id: Unknown<'_>) -> napi::Result<Work<UndoReport>> {
            self.spawn(&env, || {
                let batch_id: orderlink::ImportBatchId = crate::convert::parse_id("batchId", &batch_id)?;
                Ok(move |ws: &core::Workspace| -> Result<UndoReport> {
                    let report = ws.undo_import(batch_id)?;
                    Ok(undo_report(&report))
                })
            })
        }

        /// `importBatch` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "importBatchAsync", ts_args_type = "batchId: string", ts_return_type = "Promise<ImportBatch>")]
        pub fn import_batch_async(&self, env: Env, batch_id: Unknown<'_>) -> napi::Result<Work<ImportBatch>> {
            self.spawn(&env, || {
                let batch_id: orderlink::ImportBatchId = crate::convert::parse_id("batchId", &batch_id)?;
                Ok(move |ws: &core::Workspace| -> Result<ImportBatch> {
                    let batch = ws.import_batch(batch_id)?;
                    Ok(import_batch(&batch))
                })
            })
        }
    }
}

/// The Promise forms of the methods in `carts.rs`.
mod carts_forms {
    use crate::carts::*;
    use crate::convert::*;
    use crate::error::{invalid, napi, Result};
    use crate::types::*;
    use crate::work::Work;
    use crate::workspace::Workspace;
    use crate::workspace::*;
    use napi::bindgen_prelude::{AsyncTask, Buffer, ClassInstance, Env, FromNapiValue, JsValue, Unknown};
    use napi_derive::napi;
    use orderlink as core;
    use serde_json::{Map, Value};
    use std::collections::HashMap;

    #[napi]
    impl Workspace {
        /// `openCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "openCartAsync",
            ts_args_type = "customerId: string, options?: { agent?: string | null; channel?: string | null } | null",
            ts_return_type = "Promise<Cart>"
        )]
        pub fn open_cart_async(
            &self,
            env: Env,
            customer_id: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Cart>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                let (by, channel, _) = options("options", options_.as_ref(), &["agent", "channel"])?;
                Ok(move |ws: &core::Workspace| -> Result<Cart> {
                    Ok(ws.open_cart(id, &by, channel.as_deref())?.into())
                })
            })
        }

        /// `updateCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "updateCartAsync",
            ts_args_type = "cartId: string, edits: Array<{ op: 'add' | 'set' | 'remove'; product: string; qty?: string | number; uom?: string | null }>, options?: { agent?: string | null } | null",
            ts_return_type = "Promise<Cart>"
        )]
        pub fn update_cart_async(
            &self,
            env: Env,
            cart_id: Unknown<'_>,
            edits_: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Cart>> {
            self.spawn(&env, || {
                let id = parse_id("cartId", &cart_id)?;
                let list = edits(&edits_)?;
                let (by, _, _) = options("options", options_.as_ref(), &["agent"])?;
                Ok(move |ws: &core::Workspace| -> Result<Cart> { Ok(ws.update_cart(id, &list, &by)?.into()) })
            })
        }

        /// `getCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "getCartAsync", ts_args_type = "cartId: string", ts_return_type = "Promise<Cart>")]
        pub fn get_cart_async(&self, env: Env, cart_id: Unknown<'_>) -> napi::Result<Work<Cart>> {
            self.spawn(&env, || {
                let arg0 = parse_id("cartId", &cart_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Cart> { Ok(ws.get_cart(arg0)?.into()) })
            })
        }

        /// `customerCarts` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "customerCartsAsync",
            ts_args_type = "customerId: string",
            ts_return_type = "Promise<Array<Cart>>"
        )]
        pub fn customer_carts_async(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<Work<Vec<Cart>>> {
            self.spawn(&env, || {
                let id = parse_id("customerId", &customer_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Vec<Cart>> {
                    Ok(ws.customer_carts(id)?.into_iter().map(Into::into).collect())
                })
            })
        }

        /// `searchProducts` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "searchProductsAsync",
            ts_args_type = "term: string, limit?: number | null",
            ts_return_type = "Promise<Array<Product>>"
        )]
        pub fn search_products_async(
            &self,
            env: Env,
            term: Unknown<'_>,
            limit: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Vec<Product>>> {
            self.spawn(&env, || {
                let term = text("term", &term)?;
                let limit = match crate::convert::opt_number("limit", limit.as_ref())? {
                    Some(n) if n.fract() == 0.0 && (1.0..=500.0).contains(&n) => n as usize,
                    Some(_) => return Err(invalid("limit", "1 to 500 products")),
                    None => 20,
                };
                Ok(move |ws: &core::Workspace| -> Result<Vec<Product>> {
                    Ok(ws.search_products(&term, limit)?.iter().map(Product::from).collect())
                })
            })
        }

        /// `priceCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(js_name = "priceCartAsync", ts_args_type = "cartId: string", ts_return_type = "Promise<PricedCart>")]
        pub fn price_cart_async(&self, env: Env, cart_id: Unknown<'_>) -> napi::Result<Work<PricedCart>> {
            self.spawn(&env, || {
                let arg0 = parse_id("cartId", &cart_id)?;
                Ok(move |ws: &core::Workspace| -> Result<PricedCart> { Ok(ws.price_cart(arg0)?.into()) })
            })
        }

        /// `checkoutLink` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "checkoutLinkAsync",
            ts_args_type = "cartId: string, options?: { expiresAt?: Date | null; agent?: string | null } | null",
            ts_return_type = "Promise<CheckoutLink>"
        )]
        pub fn checkout_link_async(
            &self,
            env: Env,
            cart_id: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<CheckoutLink>> {
            self.spawn(&env, || {
                let id = parse_id("cartId", &cart_id)?;
                let (by, _, expires) = options("options", options_.as_ref(), &["agent", "expires_at"])?;
                Ok(move |ws: &core::Workspace| -> Result<CheckoutLink> {
                    Ok(ws.checkout_link(id, expires, &by)?.into())
                })
            })
        }

        /// `rotateCheckoutLink` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "rotateCheckoutLinkAsync",
            ts_args_type = "cartId: string, options?: { expiresAt?: Date | null; agent?: string | null } | null",
            ts_return_type = "Promise<CheckoutLink>"
        )]
        pub fn rotate_checkout_link_async(
            &self,
            env: Env,
            cart_id: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<CheckoutLink>> {
            self.spawn(&env, || {
                let id = parse_id("cartId", &cart_id)?;
                let (by, _, expires) = options("options", options_.as_ref(), &["agent", "expires_at"])?;
                Ok(move |ws: &core::Workspace| -> Result<CheckoutLink> {
                    Ok(ws.rotate_checkout_link(id, expires, &by)?.into())
                })
            })
        }

        /// `openCheckout` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "openCheckoutAsync",
            ts_args_type = "codeOrUrl: string, sessionToken?: string | null",
            ts_return_type = "Promise<CheckoutView>"
        )]
        pub fn open_checkout_async(
            &self,
            env: Env,
            code_or_url: Unknown<'_>,
            session_token: Option<Unknown<'_>>,
        ) -> napi::Result<Work<CheckoutView>> {
            self.spawn(&env, || {
                let link = text("codeOrUrl", &code_or_url)?;
                let token = crate::convert::opt_text("sessionToken", session_token.as_ref())?;
                Ok(move |ws: &core::Workspace| -> Result<CheckoutView> {
                    Ok(ws.open_checkout(&link, token.as_deref())?.into())
                })
            })
        }

        /// `submitCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "submitCartAsync",
            ts_args_type = "codeOrUrl: string, number: string",
            ts_return_type = "Promise<CartSubmission>"
        )]
        pub fn submit_cart_async(
            &self,
            env: Env,
            code_or_url: Unknown<'_>,
            number: Unknown<'_>,
        ) -> napi::Result<Work<CartSubmission>> {
            self.spawn(&env, || {
                let link = text("codeOrUrl", &code_or_url)?;
                let number = text("number", &number)?;
                Ok(move |ws: &core::Workspace| -> Result<CartSubmission> { Ok(ws.submit_cart(&link, &number)?.into()) })
            })
        }

        /// `abandonCart` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "abandonCartAsync",
            ts_args_type = "cartId: string, options?: { agent?: string | null } | null",
            ts_return_type = "Promise<Cart>"
        )]
        pub fn abandon_cart_async(
            &self,
            env: Env,
            cart_id: Unknown<'_>,
            options_: Option<Unknown<'_>>,
        ) -> napi::Result<Work<Cart>> {
            self.spawn(&env, || {
                let id = parse_id("cartId", &cart_id)?;
                let (by, _, _) = options("options", options_.as_ref(), &["agent"])?;
                Ok(move |ws: &core::Workspace| -> Result<Cart> { Ok(ws.abandon_cart(id, &by)?.into()) })
            })
        }

        /// `openCarts` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "openCartsAsync",
            ts_args_type = "query?: { customerId?: string | null; agent?: string | null; minAgeSecs?: number | null; stalledOnly?: boolean; stalledAfterSecs?: number | null; sort?: 'last_change' | 'age' | 'value' | 'customer' | 'agent'; offset?: number; limit?: number } | null",
            ts_return_type = "Promise<OpenCartPage>"
        )]
        pub fn open_carts_async(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Work<OpenCartPage>> {
            self.spawn(&env, || {
                let q: core::CartQuery = match opt_object("query", query.as_ref())? {
                    Some(obj) => {
                        let mut map = object_json("query", &obj, QUERY_KEYS, &[])?;
                        map.retain(|_, v| !v.is_null());
                        from_json("query", map)?
                    }
                    None => core::CartQuery::default(),
                };
                Ok(move |ws: &core::Workspace| -> Result<OpenCartPage> { Ok(ws.open_carts(&q)?.into()) })
            })
        }

        /// `orderAttribution` as a Promise: the same arguments read now, the store's work on one of
        /// the binding's worker threads; rejects with the same `.code` and `.kind`.
        #[napi(
            js_name = "orderAttributionAsync",
            ts_args_type = "orderId: string",
            ts_return_type = "Promise<CartAttribution | null>"
        )]
        pub fn order_attribution_async(
            &self,
            env: Env,
            order_id: Unknown<'_>,
        ) -> napi::Result<Work<Option<CartAttribution>>> {
            self.spawn(&env, || {
                let id = parse_id("orderId", &order_id)?;
                Ok(move |ws: &core::Workspace| -> Result<Option<CartAttribution>> {
                    Ok(ws.order_attribution(id)?.map(|s| CartAttribution { agent: s.agent, channel: s.channel }))
                })
            })
        }
    }
}
