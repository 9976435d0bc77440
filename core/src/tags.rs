//! Customer tags: added and removed one at a time, compared without case, and used to filter
//! the customer list (`CustomerQuery::tag`). Tags stay local under contacts sync.
