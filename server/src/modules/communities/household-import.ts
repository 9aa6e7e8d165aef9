/**
 * Bulk import of buildings and households from CSV (columns: building, unit, area). All or nothing:
 * every row is checked first — format, area precision, duplicates inside the file and against what
 * is already stored — and one bad row means nothing is written and the admin gets a per-row report.
 * The store has no transactions, so if a write still fails midway (another import racing this one)
 * everything this import created is deleted again before answering.
 */
import { parse } from 'csv-parse/sync';
import {
  ErrorCode,
  parseAreaToCenti,
  type ImportHouseholdsResult,
  type ImportRowProblem,
  type LocalizedText,
} from '@linli/shared';
import { Types } from 'mongoose';
import { AppError, Conflict } from '../../platform/errors';
import { BuildingModel, HouseholdModel, type BuildingDoc, type HouseholdDoc } from './model';
import type { CommunitiesService } from './service';

export const MAX_IMPORT_ROWS = 5000;

/** Header names we accept for each column (the template is English; people type Chinese). */
const HEADER_ALIASES: Record<'building' | 'unit' | 'area', string[]> = {
  building: ['building', '楼栋', '楼号'],
  unit: ['unit', '房号', '单元房号'],
  area: ['area', '面积', '专有面积'],
};

interface ParsedRow {
  row: number;
  building: string;
  unit: string;
  centi: number;
}

const problem = (
  row: number,
  column: ImportRowProblem['column'],
  reason: string,
  message: LocalizedText,
): ImportRowProblem => ({ row, column, reason, message: { 'zh-CN': message['zh-CN'], en: message.en } });

export const ImportRowsInvalid = (problems: ImportRowProblem[]) =>
  new AppError(ErrorCode.IMPORT_ROWS_INVALID, `household import refused: ${problems.length} problem(s)`, {
    params: { count: problems.length },
    details: { rows: problems },
  });

export async function importHouseholds(
  communities: CommunitiesService,
  communityId: string,
  csv: string,
): Promise<ImportHouseholdsResult> {
  await communities.getCommunity(communityId);
  const { rows, problems } = readRows(csv);
  const existingBuildings = await BuildingModel.find({ communityId }).lean<BuildingDoc[]>();
  const buildingIdByName = new Map(existingBuildings.map((b) => [b.name, b._id]));
  const existingUnits = new Set(
    (await HouseholdModel.find({ communityId }, { buildingId: 1, unit: 1 }).lean<HouseholdDoc[]>()).map(
      (h) => `${String(h.buildingId)}\u0000${h.unit}`,
    ),
  );

  const firstSeen = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.building}\u0000${r.unit}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      problems.push(
        problem(r.row, 'unit', 'duplicateInFile', {
          'zh-CN': `${r.building} ${r.unit} 与第 ${earlier} 行重复`,
          en: `${r.building} ${r.unit} repeats row ${earlier}`,
        }),
      );
      continue;
    }
    firstSeen.set(key, r.row);
    const buildingId = buildingIdByName.get(r.building);
    if (buildingId && existingUnits.has(`${String(buildingId)}\u0000${r.unit}`)) {
      problems.push(
        problem(r.row, 'unit', 'alreadyExists', {
          'zh-CN': `${r.building} ${r.unit} 已经存在，无需重复导入`,
          en: `${r.building} ${r.unit} already exists`,
        }),
      );
    }
  }
  if (problems.length > 0) throw ImportRowsInvalid(problems.sort((a, b) => a.row - b.row));

  // Every row is good: write. Ids are chosen here so that a failure can remove exactly our writes.
  const existingBuildingCount = existingBuildings.length;
  const newBuildings: BuildingDoc[] = [];
  for (const r of rows) {
    if (buildingIdByName.has(r.building)) continue;
    const doc: BuildingDoc = {
      _id: new Types.ObjectId(),
      communityId: new Types.ObjectId(communityId),
      name: r.building,
      sortOrder: existingBuildingCount + newBuildings.length,
    };
    newBuildings.push(doc);
    buildingIdByName.set(r.building, doc._id);
  }
  const newHouseholds: HouseholdDoc[] = rows.map((r) => ({
    _id: new Types.ObjectId(),
    communityId: new Types.ObjectId(communityId),
    buildingId: buildingIdByName.get(r.building)!,
    unit: r.unit,
    areaCentiSquareMetres: r.centi,
  }));

  try {
    if (newBuildings.length > 0) await BuildingModel.insertMany(newBuildings, { ordered: true });
    await HouseholdModel.insertMany(newHouseholds, { ordered: true });
  } catch {
    await HouseholdModel.deleteMany({ _id: { $in: newHouseholds.map((h) => h._id) } });
    await BuildingModel.deleteMany({ _id: { $in: newBuildings.map((b) => b._id) } });
    throw Conflict({
      'zh-CN': '导入时该社区的楼栋或住户被同时修改，本次没有导入任何内容，请稍后重新导入',
      en: "this community's buildings or households changed during the import; nothing was imported, please import again",
    });
  }
  return {
    buildingsCreated: newBuildings.length,
    householdsCreated: newHouseholds.length,
    rows: rows.length,
  };
}

/**
 * Parses and checks each row on its own. A file that cannot be read at all throws; row problems
 * are returned beside the good rows, so duplicates among those are reported in the same answer.
 */
function readRows(csv: string): { rows: ParsedRow[]; problems: ImportRowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it was found, so problems can name the line.
    records = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw ImportRowsInvalid([
      problem(line, '', 'unreadable', {
        'zh-CN': '文件无法按 CSV 读取（可能有未闭合的引号），请用表格软件另存为 CSV 后重试',
        en: 'the file cannot be read as CSV (perhaps an unclosed quote); save it as CSV from a spreadsheet and retry',
      }),
    ]);
  }
  if (records.length === 0) {
    throw ImportRowsInvalid([problem(1, '', 'empty', { 'zh-CN': '文件是空的', en: 'the file is empty' })]);
  }
  const header = records[0].record.map((h) => h.toLowerCase());
  const columnIndex = {} as Record<'building' | 'unit' | 'area', number>;
  const problems: ImportRowProblem[] = [];
  for (const column of ['building', 'unit', 'area'] as const) {
    const index = header.findIndex((h) => HEADER_ALIASES[column].includes(h));
    if (index < 0) {
      problems.push(
        problem(1, column, 'missingColumn', {
          'zh-CN': `表头缺少「${column}」列（表头应为 building,unit,area）`,
          en: `the header has no "${column}" column (expected building,unit,area)`,
        }),
      );
    }
    columnIndex[column] = index;
  }
  if (problems.length > 0) throw ImportRowsInvalid(problems);
  const body = records.slice(1);
  if (body.length === 0) {
    throw ImportRowsInvalid([
      problem(1, '', 'noRows', {
        'zh-CN': '文件只有表头，没有数据行',
        en: 'the file has a header but no rows',
      }),
    ]);
  }
  if (body.length > MAX_IMPORT_ROWS) {
    throw ImportRowsInvalid([
      problem(MAX_IMPORT_ROWS + 2, '', 'tooManyRows', {
        'zh-CN': `一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分文件`,
        en: `at most ${MAX_IMPORT_ROWS} rows per import; split the file`,
      }),
    ]);
  }

  const rows: ParsedRow[] = [];
  for (const { record, info } of body) {
    const row = info.lines;
    const building = record[columnIndex.building] ?? '';
    const unit = record[columnIndex.unit] ?? '';
    const area = record[columnIndex.area] ?? '';
    let ok = true;
    if (building === '') {
      ok = false;
      problems.push(
        problem(row, 'building', 'required', {
          'zh-CN': '楼栋必填，如 1号楼',
          en: 'building is required, such as 1号楼',
        }),
      );
    } else if (building.length > 40) {
      ok = false;
      problems.push(
        problem(row, 'building', 'tooLong', {
          'zh-CN': '楼栋名称最多 40 个字',
          en: 'building name must be at most 40 characters',
        }),
      );
    }
    if (unit === '') {
      ok = false;
      problems.push(
        problem(row, 'unit', 'required', {
          'zh-CN': '房号必填，如 2-301',
          en: 'unit is required, such as 2-301',
        }),
      );
    } else if (unit.length > 40) {
      ok = false;
      problems.push(
        problem(row, 'unit', 'tooLong', {
          'zh-CN': '房号最多 40 个字',
          en: 'unit must be at most 40 characters',
        }),
      );
    }
    const parsed = parseAreaToCenti(area);
    if ('problem' in parsed) {
      ok = false;
      problems.push(problem(row, 'area', 'invalidArea', parsed.problem));
    }
    if (ok && 'centi' in parsed) rows.push({ row, building, unit, centi: parsed.centi });
  }
  return { rows, problems };
}
