package vn.ishc.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.border
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.Role as SemanticsRole
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.unit.dp
import vn.ishc.app.format.Format
import vn.ishc.app.members.DuplicatesState
import vn.ishc.app.members.MemberDetailState
import vn.ishc.app.members.MemberField
import vn.ishc.app.members.MemberFormState
import vn.ishc.app.members.MembersListState
import vn.ishc.app.members.entryKindText
import vn.ishc.app.members.householdText
import vn.ishc.app.members.loanStatusText
import vn.ishc.core.Household
import vn.ishc.core.MemberInfo
import vn.ishc.core.MemberRow
import vn.ishc.core.Membership
import vn.ishc.core.Role
import vn.ishc.core.Sex

private val SavedColor = Color(0xFFE8F5E9)
private val WarnColor = Color(0xFFFFF3E0)

/** The roles of a person in the app's language, in the core's display order. */
@Composable
private fun roleLabels(roles: List<Role>): List<String> = roles.map { str("role_" + it.name.lowercase()) }

// ---------------------------------------------------------------------------
// The list

/** What the members list can be asked to do. */
data class MembersListActions(
    val setSearch: (String) -> Unit = {},
    val setIncludeLeft: (Boolean) -> Unit = {},
    /** Open a person's page, by member id. */
    val open: (String) -> Unit = {},
    /** Open the registration form. */
    val register: () -> Unit = {},
    /** Open the possible duplicates. */
    val openDuplicates: () -> Unit = {},
)

/**
 * The club's people (*hội viên*): a search box (names without diacritics,
 * phone digits), a switch to include people who left, then one row per
 * person (name, age and hamlet, roles, savings and loan owed); tapping a
 * row opens the person's page. A button to register someone, and a
 * reminder when possible duplicates wait for review.
 */
@Composable
fun MembersListScreen(state: MembersListState, actions: MembersListActions, modifier: Modifier = Modifier) {
    LazyColumn(
        modifier.fillMaxSize().testTag("members-list"),
        contentPadding = PaddingValues(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        item {
            Text(str("members_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        }
        item {
            Button(
                onClick = actions.register,
                modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("register"),
            ) { Text(str("members_register")) }
        }
        if (state.duplicates > 0) {
            item {
                OutlinedButton(
                    onClick = actions.openDuplicates,
                    modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("duplicates"),
                ) { Text(str("members_duplicates_link", state.duplicates)) }
            }
        }
        item {
            FormField(
                "search", str("members_search"), state.search, actions.setSearch, null,
                hint = str("members_search_hint"), singleLine = false,
            )
        }
        item {
            MembersSwitchRow(state.includeLeft, str("members_include_left"), "include-left", actions.setIncludeLeft)
        }
        item {
            state.error?.let { ErrorLine(it.resolve(), "form") }
            Text(
                if (state.rows.isEmpty()) str("members_none") else str("members_count", state.rows.size),
                style = MaterialTheme.typography.bodyMedium,
                modifier = Modifier.testTag("count").semantics { liveRegion = LiveRegionMode.Polite },
            )
        }
        items(state.rows, key = { it.member.id }) { row ->
            MemberRowItem(row) { actions.open(row.member.id) }
        }
    }
}

/**
 * One person in the list: the whole row is one touch target, read by
 * TalkBack as one item, a button that opens the person's page.
 */
@Composable
private fun MemberRowItem(row: MemberRow, onClick: () -> Unit) {
    val m = row.member
    Column(
        Modifier
            .fillMaxWidth()
            .heightIn(min = 48.dp)
            .border(1.dp, MaterialTheme.colorScheme.outlineVariant, MaterialTheme.shapes.small)
            .clickable(role = SemanticsRole.Button, onClickLabel = str("members_open_member", m.fullName), onClick = onClick)
            .semantics(mergeDescendants = true) {}
            .padding(12.dp)
            .testTag("member:${m.id}"),
        verticalArrangement = Arrangement.spacedBy(2.dp),
    ) {
        Text(m.fullName, style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.Bold)
        Text(str("members_age_hamlet", m.age, m.hamlet), style = MaterialTheme.typography.bodyMedium)
        val labels = roleLabels(m.roles) +
            (if (m.membership == Membership.RECIPIENT_ONLY) listOf(str("members_recipient_only_marker")) else emptyList())
        if (labels.isNotEmpty()) Text(labels.joinToString(", "), style = MaterialTheme.typography.bodyMedium)
        Text(str("members_savings", row.savings.text), style = MaterialTheme.typography.bodyMedium)
        Text(
            str("members_loan_outstanding", row.loanOutstanding.text),
            style = MaterialTheme.typography.bodyMedium,
            fontWeight = if (row.loanOutstanding.dong > 0) FontWeight.Bold else FontWeight.Normal,
        )
        m.leftOn?.let {
            Text(str("members_left_marker", Format.date(it)), color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyMedium)
        }
    }
}

// ---------------------------------------------------------------------------
// Registration

/** What the registration form can be asked to do. */
data class MemberFormActions(
    val setField: (MemberField, String) -> Unit = { _, _ -> },
    val setSex: (Sex) -> Unit = {},
    val setHousehold: (Household) -> Unit = {},
    val setDisabled: (Boolean) -> Unit = {},
    val setLivesAlone: (Boolean) -> Unit = {},
    val toggleRole: (Role) -> Unit = {},
    val setMembership: (Membership) -> Unit = {},
    val save: () -> Unit = {},
    val discard: () -> Unit = {},
    /** Open the possible duplicates (from the notice after a registration). */
    val openDuplicates: () -> Unit = {},
)

/**
 * Registering a person (*đăng ký hội viên*), one field under another: name,
 * sex (two large choices), birth year or date, ethnic group, household
 * status, disability and living alone, hamlet, phone (its display form or
 * its error shown as it is typed), join date, roles as chips, membership.
 * After saving: who was registered and, if the core found people they may
 * duplicate, a notice listing them (flagged for review, nothing merged).
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun MemberFormScreen(state: MemberFormState, actions: MemberFormActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("members_form_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        state.registered?.let { r ->
            Notice(str("members_registered", r.member.fullName), SavedColor, "registered")
            if (r.possibleDuplicates.isNotEmpty()) {
                Column(
                    Modifier
                        .fillMaxWidth()
                        .background(WarnColor, MaterialTheme.shapes.small)
                        .padding(12.dp)
                        .testTag("duplicates-notice")
                        .semantics(mergeDescendants = true) { liveRegion = LiveRegionMode.Polite },
                    verticalArrangement = Arrangement.spacedBy(4.dp),
                ) {
                    Text(str("members_duplicates_found"), fontWeight = FontWeight.Bold)
                    for (d in r.possibleDuplicates) {
                        Text("• " + str("members_duplicate_line", d.fullName, d.birthYear, d.hamlet))
                    }
                    Text(str("members_duplicates_review"))
                }
                OutlinedButton(
                    onClick = actions.openDuplicates,
                    modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("open-duplicates"),
                ) { Text(str("members_dup_title")) }
            }
        }
        if (state.restoredDraft && state.registered == null) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text(str("members_draft_restored"), Modifier.weight(1f).testTag("draft-restored"))
                TextButton(onClick = actions.discard, modifier = Modifier.heightIn(min = 48.dp)) { Text(str("action_discard")) }
            }
        }

        FormField(
            MemberField.FullName.key, str("members_full_name"), state[MemberField.FullName],
            { actions.setField(MemberField.FullName, it) }, state.errors[MemberField.FullName.key], singleLine = false,
        )

        MembersHeading(str("members_sex"))
        state.errors["sex"]?.let { ErrorLine(it.resolve(), "sex") }
        MembersChoiceRow(state.sex == Sex.MALE, str("members_sex_male"), "sex:MALE") { actions.setSex(Sex.MALE) }
        MembersChoiceRow(state.sex == Sex.FEMALE, str("members_sex_female"), "sex:FEMALE") { actions.setSex(Sex.FEMALE) }

        FormField(
            MemberField.Birth.key, str("members_birth"), state[MemberField.Birth],
            { actions.setField(MemberField.Birth, it) }, state.errors[MemberField.Birth.key],
            hint = str("members_birth_hint"), singleLine = false,
        )
        FormField(
            MemberField.Ethnicity.key, str("members_ethnicity"), state[MemberField.Ethnicity],
            { actions.setField(MemberField.Ethnicity, it) }, state.errors[MemberField.Ethnicity.key],
            hint = str("members_ethnicity_hint"), singleLine = false,
        )

        MembersHeading(str("members_household"))
        state.errors["household"]?.let { ErrorLine(it.resolve(), "household") }
        for (h in listOf(Household.POOR, Household.NEAR_POOR, Household.NEITHER)) {
            MembersChoiceRow(state.household == h, householdText(h).resolve(), "household:${h.name}") { actions.setHousehold(h) }
        }
        MembersCheckRow(state.disabled, str("members_disabled"), "disabled", actions.setDisabled)
        MembersCheckRow(state.livesAlone, str("members_lives_alone"), "livesAlone", actions.setLivesAlone)

        FormField(
            MemberField.Hamlet.key, str("members_hamlet"), state[MemberField.Hamlet],
            { actions.setField(MemberField.Hamlet, it) }, state.errors[MemberField.Hamlet.key], singleLine = false,
        )
        FormField(
            MemberField.Phone.key, str("members_phone"), state[MemberField.Phone],
            { actions.setField(MemberField.Phone, it) }, state.errors[MemberField.Phone.key],
            keyboard = KeyboardType.Phone,
            supporting = state.phoneDisplay?.let { str("members_phone_ok", it) },
        )
        FormField(
            MemberField.JoinedOn.key, str("members_joined_on"), state[MemberField.JoinedOn],
            { actions.setField(MemberField.JoinedOn, it) }, state.errors[MemberField.JoinedOn.key],
            hint = str("date_hint"), singleLine = false,
        )

        MembersHeading(str("members_roles"))
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            for (r in Role.entries) {
                FilterChip(
                    selected = r in state.roles,
                    onClick = { actions.toggleRole(r) },
                    label = { Text(str("role_" + r.name.lowercase())) },
                    modifier = Modifier.heightIn(min = 48.dp).testTag("role:${r.name}"),
                )
            }
        }

        MembersHeading(str("members_membership"))
        MembersChoiceRow(state.membership == Membership.MEMBER, str("members_membership_member"), "membership:MEMBER") {
            actions.setMembership(Membership.MEMBER)
        }
        MembersChoiceRow(
            state.membership == Membership.RECIPIENT_ONLY, str("members_membership_recipient_only"), "membership:RECIPIENT_ONLY",
        ) { actions.setMembership(Membership.RECIPIENT_ONLY) }

        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        Button(
            onClick = actions.save,
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("save"),
        ) {
            Text(str("members_save"))
        }
    }
}

// ---------------------------------------------------------------------------
// A person's page

/** What a member's page can be asked to do. */
data class MemberDetailActions(
    /** Open a loan (to record a repayment), by loan id. */
    val openLoan: (String) -> Unit = {},
    /** Open the person's savings (deposit, withdrawal, reversal), by member id. */
    val openSavings: (String) -> Unit = {},
    /** Open a care recipient's visit history and blood-pressure trend, by member id. */
    val openHistory: (String) -> Unit = {},
)

/**
 * One person's page: who they are, their savings passbook (date, kind,
 * amount, balance after; entries reversed as mistakes struck through and
 * marked) with a button to the savings screen (a club member's: only
 * members hold savings), and their loans (principal, status, principal outstanding,
 * overdue and days past due).
 */
@Composable
fun MemberDetailScreen(state: MemberDetailState, actions: MemberDetailActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        state.error?.let { ErrorLine(it.resolve(), "form") }
        state.member?.let { MemberDetailContent(it, state, actions) }
    }
}

/** The page's content once the person is read (emitted into the screen's column). */
@Composable
private fun MemberDetailContent(m: MemberInfo, state: MemberDetailState, actions: MemberDetailActions) {
    Text(m.fullName, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.testTag("name").semantics { heading() })
    val sex = if (m.sex == Sex.MALE) str("members_sex_male") else str("members_sex_female")
    val born = m.birthDate?.let { str("members_born_date", Format.date(it), m.age) } ?: str("members_born_year", m.birthYear, m.age)
    Text("$sex · $born", modifier = Modifier.testTag("born"))
    Text(str("members_ethnicity_line", m.ethnicityName))
    Text(str("members_hamlet_line", m.hamlet))
    Text(m.phoneDisplay?.let { str("members_phone_line", it) } ?: str("members_no_phone"), modifier = Modifier.testTag("phone"))
    val situation = listOf(householdText(m.household).resolve()) +
        (if (m.disabled) listOf(str("members_disabled")) else emptyList()) +
        (if (m.livesAlone) listOf(str("members_lives_alone")) else emptyList())
    Text(situation.joinToString(" · "))
    val labels = roleLabels(m.roles) +
        (if (m.membership == Membership.RECIPIENT_ONLY) listOf(str("members_recipient_only_marker")) else emptyList())
    if (labels.isNotEmpty()) Text(str("members_roles_line", labels.joinToString(", ")), modifier = Modifier.testTag("roles"))
    Text(str("members_joined_line", Format.date(m.joinedOn)))
    m.leftOn?.let {
        Text(str("members_left_line", Format.date(it), m.leaveReason.orEmpty()), color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag("left"))
    }

    if (Role.CARE_RECIPIENT in m.roles || m.membership == Membership.RECIPIENT_ONLY) {
        OutlinedButton(
            onClick = { actions.openHistory(m.id) },
            modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("open-history"),
        ) { Text(str("members_open_history")) }
    }

    HorizontalDivider(Modifier.padding(vertical = 8.dp))
    MembersHeading(str("members_passbook"), Modifier.semantics { heading() })
    state.passbook?.let { book ->
        Text(
            str("members_passbook_balance", book.balance.text),
            style = MaterialTheme.typography.titleMedium,
            modifier = Modifier.testTag("balance"),
        )
        if (m.membership == Membership.MEMBER) {
            OutlinedButton(
                onClick = { actions.openSavings(m.id) },
                modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("open-savings"),
            ) { Text(str("members_open_savings")) }
        }
        if (book.lines.isEmpty()) Text(str("members_passbook_empty"), modifier = Modifier.testTag("passbook-empty"))
        book.lines.forEachIndexed { i, line ->
            val e = line.entry
            val reversedLabel = str("members_reversed")
            Column(
                Modifier
                    .fillMaxWidth()
                    .padding(vertical = 4.dp)
                    .testTag("passbook:$i")
                    .semantics(mergeDescendants = true) {},
            ) {
                Text(
                    str("members_passbook_line", Format.date(e.entryOn), entryKindText(e.kind).resolve(), e.amount.text),
                    textDecoration = if (line.reversed) TextDecoration.LineThrough else null,
                )
                Text(str("members_passbook_after", line.balance.text), style = MaterialTheme.typography.bodyMedium)
                if (line.reversed) {
                    Text(reversedLabel, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyMedium)
                }
                if (e.memo.isNotBlank()) Text(e.memo, style = MaterialTheme.typography.bodyMedium)
            }
        }
    }

    HorizontalDivider(Modifier.padding(vertical = 8.dp))
    MembersHeading(str("members_loans"), Modifier.semantics { heading() })
    if (state.loans.isEmpty()) Text(str("members_loans_none"), modifier = Modifier.testTag("loans-none"))
    for (loan in state.loans) {
        val p = loan.position
        Column(
            Modifier
                .fillMaxWidth()
                .heightIn(min = 48.dp)
                .border(1.dp, MaterialTheme.colorScheme.outlineVariant, MaterialTheme.shapes.small)
                .clickable(role = SemanticsRole.Button, onClickLabel = str("members_open_loan", Format.date(loan.disbursedOn))) {
                    actions.openLoan(loan.id)
                }
                .semantics(mergeDescendants = true) {}
                .padding(12.dp)
                .testTag("loan:${loan.id}"),
            verticalArrangement = Arrangement.spacedBy(2.dp),
        ) {
            Text(
                str("members_loan_title", Format.date(loan.disbursedOn), loanStatusText(loan.status).resolve()),
                fontWeight = FontWeight.Bold,
            )
            Text(str("loan_principal", loan.principal.text))
            Text(str("loan_principal_outstanding", p.principalOutstanding.text))
            if (p.daysPastDue > 0u) {
                Text(
                    str("loan_overdue", p.overdue.text, p.daysPastDue.toInt()),
                    color = MaterialTheme.colorScheme.error,
                    modifier = Modifier.testTag("overdue:${loan.id}"),
                )
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Possible duplicates

/** What the possible-duplicates screen can be asked to do. */
data class DuplicatesActions(
    /** Keep this record of the pair (flag id, member id): asks for a confirmation first. */
    val chooseKeep: (String, String) -> Unit = { _, _ -> },
    val confirmMerge: () -> Unit = {},
    val cancelMerge: () -> Unit = {},
    /** The pair (flag id) are two different people. */
    val dismiss: (String) -> Unit = {},
)

/**
 * Possible duplicates (*có thể trùng*): each pair as two records, A above
 * B (name, birth year, hamlet, phone, join date), each with "keep this
 * one", and "two different people" under them. Keeping asks for a
 * confirmation that says which record stays and that it cannot be undone.
 */
@Composable
fun DuplicatesScreen(state: DuplicatesState, actions: DuplicatesActions, modifier: Modifier = Modifier) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(str("members_dup_title"), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        state.done?.let { Notice(it.resolve(), SavedColor, "done") }
        state.errors.form?.let { ErrorLine(it.resolve(), "form") }
        if (state.pairs.isEmpty()) {
            Text(str("members_dup_none"), modifier = Modifier.testTag("none"))
        } else {
            Text(str("members_dup_intro"))
        }
        for (pair in state.pairs) {
            Column(
                Modifier
                    .fillMaxWidth()
                    .border(1.dp, MaterialTheme.colorScheme.outline, MaterialTheme.shapes.medium)
                    .padding(12.dp)
                    .testTag("pair:${pair.id}"),
                verticalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                val pending = state.pending?.takeIf { it.flagId == pair.id }
                DuplicateRecord("A", pair.a, showKeep = pending == null, tag = "keep-a:${pair.id}") { actions.chooseKeep(pair.id, pair.a.id) }
                HorizontalDivider()
                DuplicateRecord("B", pair.b, showKeep = pending == null, tag = "keep-b:${pair.id}") { actions.chooseKeep(pair.id, pair.b.id) }
                if (pending == null) {
                    OutlinedButton(
                        onClick = { actions.dismiss(pair.id) },
                        modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("different:${pair.id}"),
                    ) { Text(str("members_dup_different")) }
                } else {
                    val (kept, merged) = if (pending.keptIsA) "A" to "B" else "B" to "A"
                    Column(
                        Modifier
                            .fillMaxWidth()
                            .background(WarnColor, MaterialTheme.shapes.small)
                            .padding(12.dp),
                        verticalArrangement = Arrangement.spacedBy(8.dp),
                    ) {
                        Text(
                            str("members_dup_confirm", kept, merged),
                            fontWeight = FontWeight.Bold,
                            modifier = Modifier.testTag("confirm-text").semantics { liveRegion = LiveRegionMode.Assertive },
                        )
                        Button(
                            onClick = actions.confirmMerge,
                            colors = ButtonDefaults.buttonColors(containerColor = MaterialTheme.colorScheme.error),
                            modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp).testTag("confirm-merge"),
                        ) { Text(str("members_dup_merge")) }
                        OutlinedButton(
                            onClick = actions.cancelMerge,
                            modifier = Modifier.fillMaxWidth().heightIn(min = 48.dp).testTag("cancel-merge"),
                        ) { Text(str("action_cancel")) }
                    }
                }
            }
        }
    }
}

/** One record of a pair, its facts one under another, and its "keep" button. */
@Composable
private fun DuplicateRecord(letter: String, m: MemberInfo, showKeep: Boolean, tag: String, onKeep: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
        Text(str("members_dup_record", letter), style = MaterialTheme.typography.labelLarge)
        Text(m.fullName, style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.Bold)
        Text(str("members_dup_birth", m.birthYear))
        Text(str("members_hamlet_line", m.hamlet))
        Text(m.phoneDisplay?.let { str("members_phone_line", it) } ?: str("members_no_phone"))
        Text(str("members_joined_line", Format.date(m.joinedOn)))
        if (showKeep) {
            val description = str("members_dup_keep_description", letter, m.fullName)
            Button(
                onClick = onKeep,
                modifier = Modifier
                    .padding(top = 4.dp)
                    .fillMaxWidth()
                    .heightIn(min = 48.dp)
                    .testTag(tag)
                    .semantics { contentDescription = description },
            ) { Text(str("members_dup_keep", letter)) }
        }
    }
}
