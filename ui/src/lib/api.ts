// The one typed door to the Rust side: every Tauri command of the spec, each returning a Result
// whose error is the core's ErrorPayload (code, Russian message, field errors).
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AcademicYear } from './bindings/AcademicYear';
import type { Account } from './bindings/Account';
import type { AppState } from './bindings/AppState';
import type { ArchiveCopy } from './bindings/ArchiveCopy';
import type { ArchiveReport } from './bindings/ArchiveReport';
import type { AuditChoices } from './bindings/AuditChoices';
import type { AuditEntry } from './bindings/AuditEntry';
import type { AuditFilter } from './bindings/AuditFilter';
import type { Backups } from './bindings/Backups';
import type { ChainCheck } from './bindings/ChainCheck';
import type { Bell } from './bindings/Bell';
import type { BellCheck } from './bindings/BellCheck';
import type { BellSchedule } from './bindings/BellSchedule';
import type { TypicalDay } from './bindings/TypicalDay';
import type { TermDays } from './bindings/TermDays';
import type { Class } from './bindings/Class';
import type { ClassRow } from './bindings/ClassRow';
import type { Consent } from './bindings/Consent';
import type { Credential } from './bindings/Credential';
import type { Curriculum } from './bindings/Curriculum';
import type { CurriculumSummary } from './bindings/CurriculumSummary';
import type { Equipment } from './bindings/Equipment';
import type { Fill } from './bindings/Fill';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Gap } from './bindings/Gap';
import type { GenerateReport } from './bindings/GenerateReport';
import type { Guardian } from './bindings/Guardian';
import type { Hire } from './bindings/Hire';
import type { Leave } from './bindings/Leave';
import type { StaffEvent } from './bindings/StaffEvent';
import type { StaffOrderEntry } from './bindings/StaffOrderEntry';
import type { StaffTransfer } from './bindings/StaffTransfer';
import type { Holiday } from './bindings/Holiday';
import type { Level } from './bindings/Level';
import type { LedgerForm } from './bindings/LedgerForm';
import type { SchoolLedgers } from './bindings/SchoolLedgers';
import type { SchoolResults } from './bindings/SchoolResults';
import type { LoadCheck } from './bindings/LoadCheck';
import type { LoadGrid } from './bindings/LoadGrid';
import type { LoadInput } from './bindings/LoadInput';
import type { LoadLine } from './bindings/LoadLine';
import type { LoadUnit } from './bindings/LoadUnit';
import type { UnitAssignment } from './bindings/UnitAssignment';
import type { VerifyReport } from './bindings/VerifyReport';
import type { MissingConsent } from './bindings/MissingConsent';
import type { NewSplit } from './bindings/NewSplit';
import type { Reference } from './bindings/Reference';
import type { Preview } from './bindings/Preview';
import type { Relation } from './bindings/Relation';
import type { Role } from './bindings/Role';
import type { Room } from './bindings/Room';
import type { RosterOptions } from './bindings/RosterOptions';
import type { RosterPreview } from './bindings/RosterPreview';
import type { Saved } from './bindings/Saved';
import type { School } from './bindings/School';
import type { SplitDetail } from './bindings/SplitDetail';
import type { SplitRow } from './bindings/SplitRow';
import type { StaffImportOptions } from './bindings/StaffImportOptions';
import type { StaffListItem } from './bindings/StaffListItem';
import type { StaffMember } from './bindings/StaffMember';
import type { StaffPosition } from './bindings/StaffPosition';
import type { Student } from './bindings/Student';
import type { StudentGuardian } from './bindings/StudentGuardian';
import type { StudentRow } from './bindings/StudentRow';
import type { Subgroup } from './bindings/Subgroup';
import type { Subject } from './bindings/Subject';
import type { TeacherLoad } from './bindings/TeacherLoad';
import type { TeacherOption } from './bindings/TeacherOption';
import type { TermScheme } from './bindings/TermScheme';
import type { YearDetail } from './bindings/YearDetail';
import type { DaySubstitutions } from './bindings/DaySubstitutions';
import type { EditCheck } from './bindings/EditCheck';
import type { Lesson } from './bindings/Lesson';
import type { LessonInput } from './bindings/LessonInput';
import type { SchoolSheet } from './bindings/SchoolSheet';
import type { Substitution } from './bindings/Substitution';
import type { SubstitutionCount } from './bindings/SubstitutionCount';
import type { SubstitutionInput } from './bindings/SubstitutionInput';
import type { TimetableVersion } from './bindings/TimetableVersion';
import type { LoadLineWishes } from './bindings/LoadLineWishes';
import type { TeacherWishes } from './bindings/TeacherWishes';
import type { WishesSheet } from './bindings/WishesSheet';
import type { TimetableCheck } from './bindings/TimetableCheck';
import type { ToPlace } from './bindings/ToPlace';
import type { WeekView } from './bindings/WeekView';
import type { ThematicOverviewRow } from './bindings/ThematicOverviewRow';
import type { ThematicPlan } from './bindings/ThematicPlan';
import type { ThematicPlanKey } from './bindings/ThematicPlanKey';
import type { AbsenceEntry } from './bindings/AbsenceEntry';
import type { CloseSummary } from './bindings/CloseSummary';
import type { ClosedClasses } from './bindings/ClosedClasses';
import type { ClosureEvent } from './bindings/ClosureEvent';
import type { MarkSheet } from './bindings/MarkSheet';
import type { MarksImportOptions } from './bindings/MarksImportOptions';
import type { Period } from './bindings/Period';
import type { PeriodInfo } from './bindings/PeriodInfo';
import type { TypedMark } from './bindings/TypedMark';
import type { Arrival } from './bindings/Arrival';
import type { Departure } from './bindings/Departure';
import type { Movement } from './bindings/Movement';
import type { Moved } from './bindings/Moved';
import type { OrderEntry } from './bindings/OrderEntry';
import type { Placement } from './bindings/Placement';
import type { StudyFormChange } from './bindings/StudyFormChange';
import type { Transfer } from './bindings/Transfer';
import type { ClassDecisions } from './bindings/ClassDecisions';
import type { Council } from './bindings/Council';
import type { DebtResult } from './bindings/DebtResult';
import type { DecisionInput } from './bindings/DecisionInput';
import type { RolloverOptions } from './bindings/RolloverOptions';
import type { RolloverReport } from './bindings/RolloverReport';
import type { RolloverStatus } from './bindings/RolloverStatus';
import type { DistrictReport } from './bindings/DistrictReport';
import type { Package } from './bindings/Package';
import type { Pushed } from './bindings/Pushed';
import type { Converted } from './bindings/Converted';
import type { ReportFormat } from './bindings/ReportFormat';
import type { ReportInfo } from './bindings/ReportInfo';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

function isPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorPayload).code === 'string' &&
    typeof (e as ErrorPayload).message === 'string'
  );
}

/** Whatever a rejected invoke carries, as an ErrorPayload. */
export function toPayload(e: unknown): ErrorPayload {
  if (isPayload(e)) {
    return { code: e.code, message: e.message, fields: Array.isArray(e.fields) ? e.fields : [] };
  }
  if (!('__TAURI_INTERNALS__' in window)) {
    return {
      code: 'no_backend',
      message: 'Интерфейс открыт вне программы «Завуч»: данные школы недоступны.',
      fields: [],
    };
  }
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : String(e);
  return { code: 'unexpected', message: `Непредвиденная ошибка: ${text}`, fields: [] };
}

async function call<T>(cmd: string, args?: InvokeArgs): Promise<Result<T>> {
  try {
    return { ok: true, value: await invoke<T>(cmd, args) };
  } catch (e) {
    return { ok: false, error: toPayload(e) };
  }
}

// app
export const appState = () => call<AppState>('app_state');
export const reference = () => call<Reference>('reference');
export const schoolFileDemo = () => call<AppState>('school_file_demo');
export const schoolFileInit = () => call<AppState>('school_file_init');
export const schoolFileOpen = (path: string) => call<AppState>('school_file_open', { path });

// the change log
export const auditEntries = (filter: AuditFilter) => call<AuditEntry[]>('audit_entries', { filter });
export const auditChoices = () => call<AuditChoices>('audit_choices');
export const auditVerify = () => call<ChainCheck>('audit_verify');
/** The filtered log as a PDF at `path`, or into «Документы Завуча» with null. */
export const printAuditLog = (filter: AuditFilter, path: string | null) => call<string>('print_audit_log', { filter, path });

// the copies of the school file (they work on a damaged file too)
export const backupList = () => call<Backups>('backup_list');
/** A copy by hand («вручную»). */
export const backupNow = () => call<Backups>('backup_now');
/** Restores the copy `id` (the current file kept as a copy first) and reopens the school file. */
export const backupRestore = (id: string) => call<AppState>('backup_restore', { id });
/** Chooses (a folder) or forgets (null) the second place for copies. */
export const backupSecondPlace = (folder: string | null) => call<Backups>('backup_second_place', { folder });
export const schoolFileCreate = (path: string) => call<AppState>('school_file_create', { path });

// the encrypted school file (each on a worker thread: a key takes half a second, a conversion seconds)
/** Opens the locked file with `password`; the state stays locked, saying so, when it does not fit. */
export const schoolFileUnlock = (login: string | null, password: string) =>
  call<AppState>('school_file_unlock', { login, password });
/** The open file and its copies encrypted with `password`, then opened again. */
export const encryptionEncrypt = (password: string) => call<Converted>('encryption_encrypt', { password });
export const encryptionChangePassword = (password: string) => call<Converted>('encryption_change_password', { password });
/** The open file and its copies plain again. */
export const encryptionDecrypt = () => call<Converted>('encryption_decrypt');

// accounts of the encrypted file (an administrator's; a password takes half a second, on a worker)
export const accountList = () => call<Account[]>('account_list');
export const accountAdd = (login: string, fullName: string, role: Role, password: string) =>
  call<Account>('account_add', { login, fullName, role, password });
export const accountSetPassword = (login: string, password: string) => call<null>('account_set_password', { login, password });
/** «Отключить» (false) or «Включить» (true). */
export const accountSetActive = (login: string, active: boolean) => call<null>('account_set_active', { login, active });
/** «Сменить пользователя»: the file locked again, waiting for a password. */
export const schoolFileSignOut = () => call<AppState>('school_file_sign_out');

// school
export const schoolGet = () => call<School>('school_get');
export const schoolSave = (card: School) => call<School>('school_save', { card });
export const credentialList = () => call<Credential[]>('credential_list');
export const credentialSave = (credential: Credential) =>
  call<Saved<Credential>>('credential_save', { credential });
export const credentialDelete = (id: number) => call<null>('credential_delete', { id });

// years
export const yearList = () => call<AcademicYear[]>('year_list');
export const yearDetail = (id: number) => call<YearDetail>('year_detail', { id });
export const yearCreate = (year: AcademicYear) => call<YearDetail>('year_create', { year });
export const yearSave = (year: AcademicYear) => call<AcademicYear>('year_save', { year });
export const yearSetCurrent = (id: number) => call<null>('year_set_current', { id });
export const yearDefault = () => call<AcademicYear>('year_default');
export const termSchemeSave = (scheme: TermScheme) => call<TermScheme>('term_scheme_save', { scheme });
export const termDays = (scheme: TermScheme) => call<(TermDays | null)[]>('term_days', { scheme });
export const termSchemeDelete = (id: number) => call<null>('term_scheme_delete', { id });
export const holidaySave = (holiday: Holiday) => call<Holiday>('holiday_save', { holiday });
export const holidayDelete = (id: number) => call<null>('holiday_delete', { id });

// bells
export const bellScheduleList = (yearId: number) => call<BellSchedule[]>('bell_schedule_list', { yearId });
export const bellScheduleSave = (schedule: BellSchedule) =>
  call<Saved<BellSchedule>>('bell_schedule_save', { schedule });
export const bellScheduleCheck = (schedule: BellSchedule) => call<BellCheck>('bell_schedule_check', { schedule });
export const bellTypicalDefault = () => call<TypicalDay>('bell_typical_default');
export const bellTypicalDay = (day: TypicalDay) => call<Bell[]>('bell_typical_day', { day });
export const bellScheduleCopy = (id: number, newName: string) =>
  call<BellSchedule>('bell_schedule_copy', { id, newName });
export const bellScheduleDelete = (id: number) => call<null>('bell_schedule_delete', { id });

// rooms
export const roomList = () => call<Room[]>('room_list');
export const roomSave = (room: Room) => call<Room>('room_save', { room });
export const roomDelete = (id: number) => call<null>('room_delete', { id });
export const equipmentList = (roomId: number) => call<Equipment[]>('equipment_list', { roomId });
export const equipmentSave = (equipment: Equipment) => call<Equipment>('equipment_save', { equipment });
export const equipmentDelete = (id: number) => call<null>('equipment_delete', { id });

// subjects
export const subjectList = (includeHidden: boolean) => call<Subject[]>('subject_list', { includeHidden });
export const subjectSave = (subject: Subject) => call<Subject>('subject_save', { subject });
export const subjectDelete = (id: number) => call<null>('subject_delete', { id });

// staff
export const staffPositionList = () => call<StaffPosition[]>('staff_position_list');
export const staffPositionSave = (position: StaffPosition) =>
  call<StaffPosition>('staff_position_save', { position });
export const staffPositionDelete = (id: number) => call<null>('staff_position_delete', { id });
export const staffList = (includeLeft: boolean) => call<StaffListItem[]>('staff_list', { includeLeft });
export const staffGet = (id: number) => call<StaffMember>('staff_get', { id });
export const staffSave = (member: StaffMember) => call<Saved<StaffMember>>('staff_save', { member });
export const staffDelete = (id: number) => call<null>('staff_delete', { id });
// staff movement: hires, transfers, leaves with their orders
export const staffHistory = (id: number) => call<StaffEvent[]>('staff_history', { id });
export const staffHire = (hire: Hire) => call<Saved<StaffEvent>>('staff_hire', { hire });
export const staffTransfer = (transfer: StaffTransfer) => call<Saved<StaffEvent>>('staff_transfer', { transfer });
export const staffLeave = (leave: Leave) => call<Saved<StaffEvent>>('staff_leave', { leave });

// classes (of the current year)
/** The classes of the year (by default the current one). */
export const classList = (yearId: number | null = null) => call<ClassRow[]>('class_list', { yearId });
export const classInfo = (id: number) => call<ClassRow>('class_info', { id });
export const classGet = (id: number) => call<Class>('class_get', { id });
export const classSave = (cls: Class) => call<Saved<Class>>('class_save', { class: cls });
export const classDelete = (id: number) => call<null>('class_delete', { id });
/** What the class lacks for its marks and its timetable: term scheme, bells, curriculum, load. */
export const classGaps = (id: number) => call<Gap[]>('class_gaps', { id });

// students, guardians, consents
export const studentList = (classId: number, includeDeparted: boolean) =>
  call<StudentRow[]>('student_list', { classId, includeDeparted });
export const studentWithoutClass = () => call<StudentRow[]>('student_without_class');
export const studentGet = (id: number) => call<Student>('student_get', { id });
export const studentSave = (student: Student) => call<Saved<Student>>('student_save', { student });
export const studentDelete = (id: number) => call<null>('student_delete', { id });
export const studentGuardians = (studentId: number) => call<StudentGuardian[]>('student_guardians', { studentId });
export const guardianChildren = (guardianId: number) => call<StudentRow[]>('guardian_children', { guardianId });
export const guardianFind = (text: string) => call<Guardian[]>('guardian_find', { text });
export const studentGuardianSave = (studentId: number, link: StudentGuardian) =>
  call<Saved<StudentGuardian>>('student_guardian_save', { studentId, link });
export const guardianLink = (studentId: number, guardianId: number, relation: Relation) =>
  call<null>('guardian_link', { studentId, guardianId, relation });
export const guardianUnlink = (studentId: number, guardianId: number) =>
  call<null>('guardian_unlink', { studentId, guardianId });
export const guardianDelete = (id: number) => call<null>('guardian_delete', { id });
export const studentConsents = (studentId: number) => call<Consent[]>('student_consents', { studentId });
export const guardianConsents = (guardianId: number) => call<Consent[]>('guardian_consents', { guardianId });
export const consentSave = (consent: Consent) => call<Consent>('consent_save', { consent });
export const consentDelete = (id: number) => call<null>('consent_delete', { id });
export const consentMissing = () => call<MissingConsent[]>('consent_missing');

// movement of students: arrivals, departures, transfers, changes of form; orders
export const movementHistory = (studentId: number) => call<Movement[]>('movement_history', { studentId });
export const movementPlacements = (studentId: number) => call<Placement[]>('movement_placements', { studentId });
export const movementArrive = (arrival: Arrival) => call<Saved<Moved>>('movement_arrive', { arrival });
/** Departures or transfers of one student or of a group: all written, or none. */
export const movementLeave = (departures: Departure[]) => call<Saved<Moved[]>>('movement_leave', { departures });
export const movementTransfer = (transfers: Transfer[]) => call<Saved<Moved[]>>('movement_transfer', { transfers });
export const movementChangeStudyForm = (change: StudyFormChange) =>
  call<Saved<Moved>>('movement_change_study_form', { change });
export const ordersRegister = () => call<OrderEntry[]>('orders_register');
export const staffOrdersRegister = () => call<StaffOrderEntry[]>('staff_orders_register');
// Printed forms of movement: each saves into «Документы Завуча» when `path` is null, else at `path`.
export const printOrderDraft = (orderId: number, path: string | null) => call<string>('print_order_draft', { orderId, path });
export const printOrdersRegister = (path: string | null) => call<string>('print_orders_register', { path });
export const printStaffOrdersRegister = (path: string | null) => call<string>('print_staff_orders_register', { path });
/** «Движение обучающихся» from `from` to `to` (yyyy-mm-dd). */
export const printMovementReport = (from: string, to: string, path: string | null) =>
  call<string>('print_movement_report', { from, to, path });
/** The same report as .xlsx at `path` (the save dialog's choice). */
export const movementReportExport = (from: string, to: string, path: string) =>
  call<null>('movement_report_export', { from, to, path });
export const printAlphabetBook = (path: string | null) => call<string>('print_alphabet_book', { path });

// subgroups (splits of the current year)
export const subgroupSplitList = () => call<SplitRow[]>('subgroup_split_list');
export const subgroupSplitDetail = (id: number) => call<SplitDetail>('subgroup_split_detail', { id });
export const subgroupSplitCreate = (split: NewSplit) => call<SplitDetail>('subgroup_split_create', { split });
export const subgroupSplitFill = (id: number, fill: Fill) => call<SplitDetail>('subgroup_split_fill', { id, fill });
export const subgroupSplitDelete = (id: number) => call<null>('subgroup_split_delete', { id });
/** Puts a student into a subgroup of the split, or out of every one with `null`. */
export const subgroupMove = (splitId: number, studentId: number, subgroupId: number | null) =>
  call<SplitDetail>('subgroup_move', { splitId, studentId, subgroupId });
export const subgroupRename = (id: number, name: string) => call<Subgroup>('subgroup_rename', { id, name });
export const subgroupAdd = (splitId: number) => call<Subgroup>('subgroup_add', { splitId });
export const subgroupDelete = (id: number) => call<null>('subgroup_delete', { id });

// curricula of a year: templates, classes' curricula, individual ones
export const curriculumList = (yearId: number) => call<CurriculumSummary[]>('curriculum_list', { yearId });
export const curriculumGet = (id: number) => call<Curriculum>('curriculum_get', { id });
/** Totals, annual hours and warnings of the curriculum as typed; nothing is saved. */
export const curriculumPreview = (curriculum: Curriculum) =>
  call<Saved<Curriculum>>('curriculum_preview', { curriculum });
export const curriculumSave = (curriculum: Curriculum) => call<Saved<Curriculum>>('curriculum_save', { curriculum });
/** A new template of `grade` with the lines of curriculum `id`. */
export const curriculumCopy = (id: number, name: string, grade: number) =>
  call<Saved<Curriculum>>('curriculum_copy', { id, name, grade });
/** Gives the classes the template's lines (replacing what they had). */
export const curriculumAssign = (templateId: number, classIds: number[]) =>
  call<Saved<Curriculum[]>>('curriculum_assign', { templateId, classIds });
/** A student's individual curriculum from a template, or from the class's with null. */
export const curriculumStartIndividual = (yearId: number, studentId: number, templateId: number | null) =>
  call<Saved<Curriculum>>('curriculum_start_individual', { yearId, studentId, templateId });
export const curriculumDelete = (id: number) => call<null>('curriculum_delete', { id });
export const curriculumExport = (level: Level, path: string) => call<null>('curriculum_export', { level, path });

// teaching load of the current year (a teacher must work at the school today)
export const loadGrid = () => call<LoadGrid | null>('load_grid');
export const loadTeacherOptions = () => call<TeacherOption[]>('load_teacher_options');
/** Gives the unit's whole hours to the teacher; `null` clears the unit. */
export const loadAssign = (unit: LoadUnit, staffMemberId: number | null) =>
  call<Saved<LoadLine | null>>('load_assign', { unit, staffMemberId });
/** A block of cells pasted, cut or cleared: all of it in one transaction, or nothing. */
export const loadAssignBlock = (block: UnitAssignment[]) => call<Saved<number>>('load_assign_block', { block });
export const loadSave = (input: LoadInput) => call<Saved<LoadLine>>('load_save', { input });
export const loadDelete = (id: number) => call<null>('load_delete', { id });
export const loadCheck = () => call<LoadCheck>('load_check');
export const loadByTeacher = () => call<TeacherLoad[]>('load_by_teacher');
export const loadExport = (path: string) => call<null>('load_export', { path });

// timetable of the current year (refusals come back as errors with the core's Russian text)
export const timetableClassWeek = (classId: number) => call<WeekView>('timetable_class_week', { classId });
export const timetableTeacherWeek = (staffMemberId: number) =>
  call<WeekView>('timetable_teacher_week', { staffMemberId });
export const timetableRoomWeek = (roomId: number) => call<WeekView>('timetable_room_week', { roomId });
export const timetableSchoolSheet = () => call<SchoolSheet | null>('timetable_school_sheet');
export const timetableToPlace = (classId: number) => call<ToPlace[]>('timetable_to_place', { classId });
export const timetableCheck = () => call<TimetableCheck>('timetable_check');
/** What placing or moving would run into; nothing is saved. */
export const timetableCheckEdit = (input: LessonInput) => call<EditCheck>('timetable_check_edit', { input });
/** Places a lesson (id null) or moves one / changes its room. */
export const timetableSave = (input: LessonInput) => call<Saved<Lesson>>('timetable_save', { input });
export const timetableRemove = (id: number) => call<null>('timetable_remove', { id });
/** `date` is yyyy-mm-dd. */
export const substitutionDay = (date: string) => call<DaySubstitutions>('substitution_day', { date });
export const substitutionSave = (input: SubstitutionInput) => call<Saved<Substitution>>('substitution_save', { input });
export const substitutionDelete = (id: number) => call<null>('substitution_delete', { id });
export const substitutionMonth = (year: number, month: number) =>
  call<SubstitutionCount[]>('substitution_month', { year, month });
// «Составить расписание» (sends "generate-progress" events: GenerateProgress {placed, total, conflicts})
/** Places the lessons of `classes` (empty: the whole school) anew, or only the missing ones, searching at most `timeLimit` seconds. */
export const timetableGenerate = (classes: string[], keepLocked: boolean, freeOnly: boolean, timeLimit: number) =>
  call<GenerateReport>('timetable_generate', { classes, keepLocked, freeOnly, timeLimit });
/** «Остановить»: the generation writes the best timetable found so far. */
export const timetableGenerateStop = () => call<null>('timetable_generate_stop');
/** The current year's kept timetables, the newest first. */
export const timetableVersions = () => call<TimetableVersion[]>('timetable_versions');
/** «Вернуть прежнее»: the timetable becomes the kept version exactly; gives its lessons. */
export const timetableRestoreVersion = (id: number) => call<number>('timetable_restore_version', { id });
/** «Оставить»: the kept version is forgotten. */
export const timetableDiscardVersion = (id: number) => call<null>('timetable_discard_version', { id });
/** Locks (or unlocks) lessons: a generation keeps a locked lesson where it is. */
export const timetableSetLocked = (entryIds: number[], locked: boolean) =>
  call<null>('timetable_set_locked', { entryIds, locked });
/** Every teacher with load in the current year and their wishes, with the week's days and lessons. */
export const wishesSheet = () => call<WishesSheet>('wishes_sheet');
/** One staff member's wishes for the current year (the card). */
export const wishesOfTeacher = (staffMemberId: number) => call<WishesSheet>('wishes_of_teacher', { staffMemberId });
/** Replaces the wishes of the teachers given, all at once or none. */
export const wishesSave = (wishes: TeacherWishes[]) => call<null>('wishes_save', { wishes });
/** The current year's load lines with pairs or a preferred room. */
export const loadLineWishes = () => call<LoadLineWishes[]>('load_line_wishes');
/** How many of a load line's lessons a week go as pairs (0: none). */
export const loadSetPaired = (teachingLoadId: number, pairs: number) => call<null>('load_set_paired', { teachingLoadId, pairs });
/** The room a load line's lessons should take (`null`: any). */
export const loadSetPreferredRoom = (teachingLoadId: number, roomId: number | null) =>
  call<null>('load_set_preferred_room', { teachingLoadId, roomId });
/** The timetable as .xlsx (the school sheet, a sheet per class, the teachers) at `path`. */
export const timetableExport = (path: string) => call<null>('timetable_export', { path });

// thematic plans (КТП) and the textbooks (УМК) of a subject and grade
export const thematicPlanOverview = (yearId: number) =>
  call<ThematicOverviewRow[]>('thematic_plan_overview', { yearId });
export const thematicPlanGet = (id: number) => call<ThematicPlan>('thematic_plan_get', { id });
/** The plan of a class (or subgroup) and subject; null when there is none yet. */
export const thematicPlanFind = (key: ThematicPlanKey) => call<ThematicPlan | null>('thematic_plan_find', { key });
export const thematicPlanSave = (plan: ThematicPlan) => call<Saved<ThematicPlan>>('thematic_plan_save', { plan });
export const thematicPlanDelete = (id: number) => call<null>('thematic_plan_delete', { id });
/** Moves topic `number`'s planned date (yyyy-mm-dd, or null to clear it). */
export const thematicPlanSetDate = (planId: number, number: number, date: string | null) =>
  call<Saved<ThematicPlan>>('thematic_plan_set_date', { planId, number, date });
/** «Распределить по датам» from the class's timetable, skipping holidays. */
export const thematicPlanDistribute = (planId: number) =>
  call<Saved<ThematicPlan>>('thematic_plan_distribute', { planId });
/** `force`: copy even when the hours differ from the class's curriculum. */
export const thematicPlanCopyToClass = (planId: number, classId: number, force: boolean) =>
  call<Saved<ThematicPlan>>('thematic_plan_copy_to_class', { planId, classId, force });
export const thematicPlanCopyFromLastYear = (key: ThematicPlanKey, force: boolean) =>
  call<Saved<ThematicPlan>>('thematic_plan_copy_from_last_year', { key, force });
export const textbookList = (yearId: number, subjectId: number, grade: number) =>
  call<string[]>('textbook_list', { yearId, subjectId, grade });
export const textbookSave = (yearId: number, subjectId: number, grade: number, titles: string[]) =>
  call<string[]>('textbook_save', { yearId, subjectId, grade, titles });
export const thematicPlanPreview = (path: string, key: ThematicPlanKey) =>
  call<Preview>('thematic_plan_preview', { path, key });
export const thematicPlanImport = (path: string, key: ThematicPlanKey) =>
  call<Preview>('thematic_plan_import', { path, key });
export const thematicPlanExport = (planId: number, path: string) =>
  call<number>('thematic_plan_export', { planId, path });
export const thematicPlanTemplate = (path: string) => call<null>('thematic_plan_template', { path });

// term, year and final marks of a class; closing and reopening periods
/** A cell as typed or pasted («5», «зч», «н/а»; empty clears it), read by the core. */
export type { TypedMark };
export const marksPeriods = (classId: number) => call<PeriodInfo[]>('marks_periods', { classId });
export const marksSheet = (classId: number, period: Period) => call<MarkSheet>('marks_sheet', { classId, period });
/** All or none; errors name the cells as `marks.N` (N: the index in `cells`). */
export const marksSet = (classId: number, period: Period, cells: TypedMark[]) =>
  call<null>('marks_set', { classId, period, cells });
/** Errors name the entries as `absences.N`. */
export const marksSetAbsences = (classId: number, period: Period, entries: AbsenceEntry[]) =>
  call<null>('marks_set_absences', { classId, period, entries });
export const marksPassFail = (yearId: number, grade: number) => call<number[]>('marks_pass_fail', { yearId, grade });
export const marksSetPassFail = (yearId: number, grade: number, subjectId: number, passFail: boolean) =>
  call<null>('marks_set_pass_fail', { yearId, grade, subjectId, passFail });
/** False when the period was closed already. */
export const marksClose = (classId: number, period: Period) => call<boolean>('marks_close', { classId, period });
export const marksReopen = (classId: number, period: Period, reason: string) =>
  call<null>('marks_reopen', { classId, period, reason });
/** What closing `name` for the whole school would close: classes, marks missing, «2», «н/а». */
export const marksCloseSummary = (yearId: number, name: string) => call<CloseSummary>('marks_close_summary', { yearId, name });
export const marksCloseSchool = (yearId: number, name: string) =>
  call<ClosedClasses>('marks_close_school', { yearId, name });
export const marksClosureEvents = (yearId: number) => call<ClosureEvent[]>('marks_closure_events', { yearId });

// archive copies of a period's marks: a spreadsheet a class and the SHA-256 manifest, in one or two folders
// (the periods to choose from: ledgerPeriods)
export const archiveMake = (yearId: number, periodName: string, folder: string, secondFolder: string | null) =>
  call<ArchiveReport>('archive_make', { yearId, periodName, folder, secondFolder });
/** Reads only the folder: its files against the manifest. */
export const archiveVerify = (folder: string) => call<VerifyReport>('archive_verify', { folder });
export const archiveList = (yearId: number) => call<ArchiveCopy[]>('archive_list', { yearId });
/** A class's marks for a period in a spreadsheet: what importing it would do, writing nothing. */
export const marksPreview = (path: string, classId: number, period: Period) =>
  call<Preview>('marks_preview', { path, classId, period });
export const marksImport = (path: string, classId: number, period: Period, options: MarksImportOptions) =>
  call<Preview>('marks_import', { path, classId, period, options });
/** In the layout the import reads; gives how many students. */
export const marksExport = (path: string, classId: number, period: Period) =>
  call<number>('marks_export', { path, classId, period });
export const marksTemplate = (path: string, classId: number, period: Period) =>
  call<null>('marks_template', { path, classId, period });

// year-end decisions of the council (a class's grid: stored decisions and the ones proposed from marks)
export const decisionsOfClass = (classId: number) => call<ClassDecisions>('decisions_of_class', { classId });
export const decisionsSet = (classId: number, inputs: DecisionInput[]) =>
  call<ClassDecisions>('decisions_set', { classId, inputs });
/** Back to the decisions proposed for these students. */
export const decisionsReset = (classId: number, studentIds: number[]) =>
  call<ClassDecisions>('decisions_reset', { classId, studentIds });
export const decisionsCouncilSet = (classId: number, council: Council) =>
  call<ClassDecisions>('decisions_council_set', { classId, council });
export const decisionsDebtSet = (debtId: number, deadline: string, result: DebtResult | null, resultOn: string | null) =>
  call<null>('decisions_debt_set', { debtId, deadline, result, resultOn });

// the rollover to the next year, in four stages (a run sends "rollover-progress" events: Progress {done, total})
export const rolloverStatus = () => call<RolloverStatus>('rollover_status');
/** Runs the stages asked, or with `dry_run` only says what they will do. */
export const rolloverRun = (options: RolloverOptions) => call<RolloverReport>('rollover_run', { options });
/** Makes the year current; last year's periods close. Gives how many periods were closed. */
export const rolloverMakeCurrent = (academicYearId: number) => call<number>('rollover_make_current', { academicYearId });

// spreadsheets in and out (the import sends "import-progress" events: Progress {done, total})
export const rosterPreview = (path: string, options: RosterOptions) => call<RosterPreview>('roster_preview', { path, options });
export const rosterImport = (path: string, options: RosterOptions) => call<RosterPreview>('roster_import', { path, options });
/** Stops the running import, of the roster or of the staff list (it rolls everything back). */
export const importCancel = () => call<null>('import_cancel');
export const rosterExport = (path: string, cls: string | null) => call<number>('roster_export', { path, class: cls });
export const rosterTemplate = (path: string, wholeSchool: boolean) => call<null>('roster_template', { path, wholeSchool });
export const staffPreview = (path: string, options: StaffImportOptions) => call<Preview>('staff_preview', { path, options });
export const staffImport = (path: string, options: StaffImportOptions) => call<Preview>('staff_import', { path, options });
export const staffExport = (path: string) => call<number>('staff_export', { path });
export const staffTemplate = (path: string) => call<null>('staff_template', { path });
export const classSizesExport = (path: string, on: string | null) => call<null>('class_sizes_export', { path, on });

// printed forms (PDF)
// Each saves into «Документы Завуча» when `path` is null, else at `path`; gives where the file is.
export const printClassList = (classId: number, path: string | null) =>
  call<string>('print_class_list', { classId, path });
export const printCurriculum = (level: Level, path: string | null) =>
  call<string>('print_curriculum', { level, path });
export const printLoad = (byClass: boolean, path: string | null) =>
  call<string>('print_load', { byClass, path });
export const printClassSizes = (path: string | null, on: string | null) =>
  call<string>('print_class_sizes', { path, on });
/** A class's, teacher's or room's week of the timetable. */
export const printTimetableWeek = (kind: 'class' | 'teacher' | 'room', id: number, path: string | null) =>
  call<string>('print_timetable_week', { kind, id, path });
export const printTimetableSchool = (path: string | null) => call<string>('print_timetable_school', { path });
/** The substitution sheet of `date` (yyyy-mm-dd). */
export const printSubstitutionsDay = (date: string, path: string | null) =>
  call<string>('print_substitutions_day', { date, path });
export const printSubstitutionsMonth = (year: number, month: number, path: string | null) =>
  call<string>('print_substitutions_month', { year, month, path });
/** «КТП 5 А, Математика.pdf». */
export const printThematicPlan = (planId: number, path: string | null) =>
  call<string>('print_thematic_plan', { planId, path });
/** The periods the year's classes have («1 четверть», …, «Год»), for the ledgers. */
export const ledgerPeriods = (yearId: number) => call<string[]>('ledger_periods', { yearId });
/** One class's ledger of a period (the period as named, «1 четверть»). */
export const printLedger = (form: LedgerForm, classId: number, period: string, path: string | null) =>
  call<string>('print_ledger', { form, classId, period, path });
/** Every class's ledger: a folder of files in «Документы Завуча», or one PDF with `combined`; sends "ledger-progress" events (Progress). */
export const printSchoolLedgers = (form: LedgerForm, yearId: number, period: string, combined: boolean) =>
  call<SchoolLedgers>('print_school_ledgers', { form, yearId, period, combined });
export const ledgerCancel = () => call<null>('ledger_cancel');
/** The column titles of «Итоги успеваемости» after «Класс», as printed. */
export const resultsTitles = () => call<string[]>('results_titles');
/** «Итоги успеваемости» of the year's period (null: the latest term begun that has marks), as printed. */
export const resultsSummary = (yearId: number, period: string | null) =>
  call<SchoolResults>('results_summary', { yearId, period });
export const printResults = (yearId: number, period: string | null, path: string | null) =>
  call<string>('print_results', { yearId, period, path });
/** The same figures as .xlsx at `path` (the save dialog's choice). */
export const resultsExport = (yearId: number, period: string | null, path: string) =>
  call<null>('results_export', { yearId, period, path });
/** The district's lists of the period (excellent, one «4», one «3», failing) as PDF. */
export const printResultsLists = (yearId: number, period: string | null, path: string | null) =>
  call<string>('print_results_lists', { yearId, period, path });
/** The same lists as .xlsx at `path`. */
export const resultsListsExport = (yearId: number, period: string | null, path: string) =>
  call<null>('results_lists_export', { yearId, period, path });
/** «Сведения об успеваемости» of the year: one student's page, else (studentId null) a page per student of the class. */
export const printStudentResults = (yearId: number, studentId: number | null, classId: number | null, path: string | null) =>
  call<string>('print_student_results', { yearId, studentId, classId, path });
/** «Проект приказа о переводе» of the year's council decisions. */
export const printTransferOrder = (academicYearId: number, path: string | null) =>
  call<string>('print_transfer_order', { academicYearId, path });
/** «Список условно переведённых обучающихся» of the year, with the debts and deadlines. */
export const printConditionalList = (academicYearId: number, path: string | null) =>
  call<string>('print_conditional_list', { academicYearId, path });
/** Opens a saved PDF or .xlsx with the system's program for it. */
export const documentOpen = (path: string) => call<null>('document_open', { path });
/** Shows a saved document in its folder. */
export const documentReveal = (path: string) => call<null>('document_reveal', { path });
/** The reports for the district (управление образования), in the registry's order. */
export const districtReports = () => call<ReportInfo[]>('district_reports');
/** The day the district reports screen offers (ISO): 20.09 while it is in the current year, else today. */
export const districtDefaultDay = () => call<string>('district_default_day');
/** One report of the current year for the day `on`: at `path`, or into «Документы Завуча» with null; gives where it is. */
export const districtReportPrint = (report: DistrictReport, format: ReportFormat, on: string, path: string | null) =>
  call<string>('district_report_print', { report, format, on, path });
/** Every report for `on` in a folder of its own inside `folder` (null: «Документы Завуча»); sends "district-package-progress" events (Progress). */
export const districtPackageSave = (on: string, folder: string | null) => call<Package>('district_package_save', { on, folder });
/** The school's figures for `on` to the district's PostgreSQL at the card's address; `password` for this push only (null: PGPASSWORD or .pgpass). Sends "district-push-progress" events (Progress, 3 stages). */
export const districtPush = (on: string, password: string | null) => call<Pushed>('district_push', { on, password });
