// projections: arrives with the read-side issue (#3).
export {};
