import { DataTypes, idColumn, timestampColumns, type MigrationFn } from '@parley/db/migration';

/** Canned replies: answers staff reuse, inserted in the composer by typing `/shortcut`. */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('canned_replies', {
    id: idColumn(),
    shortcut: { type: DataTypes.STRING(32), allowNull: false },
    title: { type: DataTypes.STRING(255), allowNull: false },
    content: { type: DataTypes.TEXT, allowNull: false },
    ...timestampColumns(),
  });
  await queryInterface.addIndex('canned_replies', ['shortcut'], {
    name: 'canned_replies_shortcut',
    unique: true,
  });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('canned_replies');
};
