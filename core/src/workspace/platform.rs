//! W1, W2: entry points on a store of many workspaces: create, list and open workspaces, and
//! resolve or open any link the store has issued without naming its workspace.

use super::{Env, Workspace, WRITE_ATTEMPTS};
use crate::access::{decide, unknown_link, LinkDecision, Target};
use crate::error::{Error, Result};
use crate::ids::WorkspaceId;
use crate::link::{LinkCode, LinkTarget};
use crate::settings::{NewWorkspace, WorkspaceSettings};
use crate::store::{FoundLink, PlatformStore};
use std::sync::Arc;

/// A store of many workspaces (W1) and the host-level link resolution over it (W2): what one
/// host serving every supplier's `/order/{code}` works with.
///
/// ```
/// use orderlink::{Env, MemoryStore, NewCustomer, NewWorkspace, Platform};
/// use std::sync::Arc;
/// let platform = Platform::new(Arc::new(MemoryStore::new()), Env::system());
/// let harbour = platform.create_workspace(NewWorkspace::named("Harbour Foods")).unwrap();
/// let _other = platform.create_workspace(NewWorkspace::named("Coast Dairy")).unwrap();
/// let deli = harbour.create_customer(NewCustomer::named("Corner Deli")).unwrap();
/// let url = harbour.link_url(deli.id).unwrap();
/// let (ws, decision) = platform.open_link(&url, None).unwrap();
/// assert_eq!(ws.unwrap().id().unwrap(), harbour.id().unwrap());
/// assert_eq!(decision.customer_id, Some(deli.id));
/// ```
#[derive(Clone)]
pub struct Platform {
    store: Arc<dyn PlatformStore>,
    env: Env,
}

impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform").finish_non_exhaustive()
    }
}

/// W2: what a link code or URL is, found across every workspace of a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformLink {
    /// The workspace that holds the link; `None` for an unknown link.
    pub workspace_id: Option<WorkspaceId>,
    /// Which link it is within that workspace (a customer's, the workspace's, or unknown).
    pub target: LinkTarget,
}

impl Platform {
    /// The entry points over `store`, with `env`'s clock and randomness for every workspace
    /// opened through them.
    pub fn new(store: Arc<dyn PlatformStore>, env: Env) -> Platform {
        Platform { store, env }
    }

    /// The store underneath.
    pub fn store(&self) -> &Arc<dyn PlatformStore> {
        &self.store
    }

    /// W1: adds a workspace: validates the settings, draws its id and a link code no workspace
    /// of the store has ever held (W2).
    pub fn create_workspace(&self, settings: NewWorkspace) -> Result<Workspace> {
        let id = WorkspaceId::random(self.env.random.as_ref());
        for attempt in 1..=WRITE_ATTEMPTS {
            let code = LinkCode::generate(self.env.random.as_ref());
            let settings = WorkspaceSettings::create(id, settings.clone(), code)?;
            match self.store.create_workspace(&settings) {
                Ok(store) => return Ok(Workspace { store, env: self.env.clone() }),
                Err(Error::LinkCodeTaken) if attempt < WRITE_ATTEMPTS => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::LinkCodeTaken)
    }

    /// W1: one workspace by id; `WORKSPACE_NOT_FOUND` when the store holds none with it.
    pub fn workspace(&self, id: WorkspaceId) -> Result<Workspace> {
        let store = self.store.workspace(id)?.ok_or(Error::WorkspaceNotFound)?;
        Ok(Workspace { store, env: self.env.clone() })
    }

    /// W1: every workspace's settings, oldest first.
    pub fn workspaces(&self) -> Result<Vec<WorkspaceSettings>> {
        self.store.workspaces()
    }

    fn find(&self, code_or_url: &str) -> Result<Option<FoundLink>> {
        let code = LinkCode::parse(code_or_url)?;
        self.store.find_link(&code)
    }

    /// W2, L3, L4: which workspace and which link a code or URL is, without naming the
    /// workspace; a code no workspace holds now answers `Unknown` with no workspace.
    /// `LINK_MALFORMED` for text that is no link at all.
    pub fn resolve_link(&self, code_or_url: &str) -> Result<PlatformLink> {
        Ok(match self.find(code_or_url)? {
            None => PlatformLink { workspace_id: None, target: LinkTarget::Unknown },
            Some(found) => PlatformLink {
                workspace_id: Some(found.settings.id),
                target: match &found.customer {
                    Some(c) => LinkTarget::Customer { customer_id: c.id },
                    None => LinkTarget::Workspace,
                },
            },
        })
    }

    /// W2, A1–A4: opens any link of the store: the workspace it belongs to (`None` for an
    /// unknown link) and what opening it allows, exactly as [`Workspace::open_link`] decides.
    pub fn open_link(
        &self,
        code_or_url: &str,
        session_token: Option<&str>,
    ) -> Result<(Option<Workspace>, LinkDecision)> {
        let Some(found) = self.find(code_or_url)? else {
            return Ok((None, unknown_link()));
        };
        let ws = Workspace { store: found.store, env: self.env.clone() };
        let verified = match (&found.customer, session_token) {
            (Some(c), Some(token)) => ws.session_valid(c.id, token)?,
            _ => false,
        };
        let target = match &found.customer {
            Some(c) => Target::Customer(c),
            None => Target::Workspace,
        };
        let decision = decide(&found.settings, target, verified);
        Ok((Some(ws), decision))
    }
}
