-- company.member_since and company.is_president were never read: membership (its role and date) lives in association_member since 0007.
ALTER TABLE "company" DROP COLUMN "member_since";--> statement-breakpoint
ALTER TABLE "company" DROP COLUMN "is_president";