import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The suites under `test/` start processes and servers and mostly wait on them (a killed
 * instance's lease, a mail server that comes back). Started first, their waits overlap the
 * CPU-bound feature files instead of trailing the run on an otherwise idle machine.
 */
export class WaitingFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waiting = (file: TestSpecification) => relative(root, file.moduleId).startsWith('test/');
    return [...sorted.filter(waiting), ...sorted.filter((file) => !waiting(file))];
  }
}
