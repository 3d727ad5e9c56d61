/**
 * A sparse two-dimensional store, 1-based, that can insert and delete rows and columns. One grid per cell attribute
 * (values, formulas, formats, validations, styles) keeps 100,000-row sheets cheap.
 */
export class Grid<T> {
  private rows: (T[] | undefined)[] = [];

  get(row: number, col: number): T | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  set(row: number, col: number, value: T | undefined): void {
    let line = this.rows[row - 1];
    if (value === undefined) {
      if (line && col - 1 < line.length) {
        delete line[col - 1];
        if (col === line.length) {
          while (line.length > 0 && line[line.length - 1] === undefined) line.pop();
        }
      }
      return;
    }
    if (!line) {
      line = [];
      this.rows[row - 1] = line;
    }
    line[col - 1] = value;
  }

  /** The last row holding anything, 0 if empty. */
  lastRow(): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const line = this.rows[r];
      if (line && line.some((v) => v !== undefined)) return r + 1;
    }
    return 0;
  }

  lastCol(): number {
    let max = 0;
    for (const line of this.rows) {
      if (!line) continue;
      for (let c = line.length - 1; c >= max; c--) {
        if (line[c] !== undefined) {
          max = c + 1;
          break;
        }
      }
    }
    return max;
  }

  /** Visits each stored cell in the rectangle. */
  forEachIn(
    row: number,
    col: number,
    numRows: number,
    numCols: number,
    fn: (r: number, c: number, v: T) => void,
  ): void {
    const lastRow = Math.min(row + numRows - 1, this.rows.length);
    for (let r = row; r <= lastRow; r++) {
      const line = this.rows[r - 1];
      if (!line) continue;
      const lastCol = Math.min(col + numCols - 1, line.length);
      for (let c = col; c <= lastCol; c++) {
        const v = line[c - 1];
        if (v !== undefined) fn(r, c, v);
      }
    }
  }

  clear(row: number, col: number, numRows: number, numCols: number): void {
    const cells: [number, number][] = [];
    this.forEachIn(row, col, numRows, numCols, (r, c) => cells.push([r, c]));
    for (const [r, c] of cells) this.set(r, c, undefined);
  }

  insertRows(before: number, count: number): void {
    if (before - 1 < this.rows.length) this.rows.splice(before - 1, 0, ...new Array<undefined>(count));
  }

  deleteRows(start: number, count: number): void {
    this.rows.splice(start - 1, count);
  }

  insertCols(before: number, count: number): void {
    for (const line of this.rows) {
      if (line && before - 1 < line.length) line.splice(before - 1, 0, ...new Array<T>(count));
    }
  }

  deleteCols(start: number, count: number): void {
    for (const line of this.rows) if (line) line.splice(start - 1, count);
  }
}
