// The app imports ISHCKit only; the core's generated types (ClubStore,
// MemberRow, Service, ...) come with it.
@_exported import IshcCore
