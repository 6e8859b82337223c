DROP INDEX "import_rows_pending_idx";--> statement-breakpoint
-- Room on each page for the new version of every row, so the commit's outcome update stays on its page.
ALTER TABLE "import_rows" SET (fillfactor = 50);